package dev.twinstack.users;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented "no pooling" switch: a new connection per transaction, and the users spec still passes. */
@QuarkusTest
@TestProfile(LambdaNoPoolingUsersTest.NoPooling.class)
class LambdaNoPoolingUsersTest extends UsersSpec {

    private static final String FUNCTION_CONNECTIONS =
            "select count(*) from pg_stat_activity where application_name = 'twinstack'";

    @InjectTestDatabase
    TestDatabase database;

    @Test
    void keepsNoConnectionBetweenRequests() {
        given().get("/api/users?limit=1").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> database.count(FUNCTION_CONNECTIONS) == 0);
    }

    public static final class NoPooling implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.pooling-enabled", "false");
        }
    }
}
