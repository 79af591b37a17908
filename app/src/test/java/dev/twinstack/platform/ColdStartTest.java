package dev.twinstack.platform;

import static dev.twinstack.testing.Api.json;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ColdStartTest {

    @Inject
    ColdStart coldStart;

    @Test
    void marksOnlyTheFirstApplicationRequest() {
        coldStart.rearm();

        json().get("/api/users?limit=1").then().statusCode(200).header(ColdStart.HEADER, "true");
        json().get("/api/users?limit=1").then().statusCode(200).header(ColdStart.HEADER, nullValue());
    }

    @Test
    void leavesHealthRequestsOutOfTheCount() {
        coldStart.rearm();

        json().get("/q/health/live").then().statusCode(200).header(ColdStart.HEADER, nullValue());
        json().get("/api/users?limit=1").then().statusCode(200).header(ColdStart.HEADER, "true");
    }
}
