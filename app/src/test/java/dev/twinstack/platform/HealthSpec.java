package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.Management;
import dev.twinstack.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Liveness is the process alone; readiness follows the database and recovers with it, without a restart. */
public abstract class HealthSpec {

    private static final Duration PROBE_BUDGET = Duration.ofSeconds(10);

    @InjectTestDatabase
    TestDatabase db;

    @Test
    void reportsLiveReadyAndStarted() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void followsTheDatabaseDownAndBackWithoutRestart() {
        assumeTrue(db.canStopAndStart(), "the test database cannot be stopped (given by URL)");
        Management.given().get("/q/health/ready").then().statusCode(200);

        db.stop();
        try {
            await().atMost(PROBE_BUDGET)
                    .untilAsserted(() -> Management.given()
                            .get("/q/health/ready")
                            .then()
                            .statusCode(503)
                            .body("status", equalTo("DOWN")));
            Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            db.start();
        }

        await().atMost(PROBE_BUDGET)
                .untilAsserted(() -> Management.given()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP")));
        await().atMost(PROBE_BUDGET)
                .untilAsserted(() -> given().get("/api/users?limit=1").then().statusCode(200));
    }
}
