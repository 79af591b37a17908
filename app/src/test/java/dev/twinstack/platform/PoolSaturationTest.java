package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** An exhausted pool makes requests fail fast with 503, never the instance unready, and shows in the metrics. */
@QuarkusTest
class PoolSaturationTest {

    /** Readiness must answer well inside a probe's timeout even when every pooled connection is taken. */
    private static final long PROBE_BOUND_MS = 1_000;

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

            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .time(lessThan(PROBE_BOUND_MS));
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
