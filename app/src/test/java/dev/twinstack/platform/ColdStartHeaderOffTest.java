package dev.twinstack.platform;

import static dev.twinstack.testing.Api.json;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deployment can keep instance starts from its clients. */
@QuarkusTest
@TestProfile(ColdStartHeaderOffTest.HeaderOff.class)
class ColdStartHeaderOffTest {

    public static class HeaderOff implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("twinstack.cold-start-header", "false");
        }
    }

    @Inject
    ColdStart coldStart;

    @Test
    void firstRequestIsNotMarkedToTheClient() {
        coldStart.rearm();

        json().get("/api/users?limit=1").then().statusCode(200).header(ColdStart.HEADER, nullValue());
    }
}
