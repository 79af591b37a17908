package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An exhausted pool makes requests fail with 503, never the instance unready, and shows in the metrics. Readiness
 * answers on its own connection: it neither borrows from the pool nor waits for it.
 */
@QuarkusTest
class PoolSaturationTest {

    @Inject
    AgroalDataSource pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int maxSize;

    @Test
    void staysReadyAndAnswers503WhileThePoolIsExhausted() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < maxSize; i++) {
                held.add(pool.getConnection());
            }

            long acquiredBefore = pool.getMetrics().acquireCount();

            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

            assertEquals(acquiredBefore, pool.getMetrics().acquireCount(), "readiness borrowed no pooled connection");
            given().get("/api/users?limit=1")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
            given().get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(containsString("agroal_active_count{datasource=\"default\"} " + maxSize));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }

        given().get("/api/users?limit=1").then().statusCode(200);
    }
}
