package dev.twinstack.platform;

import static dev.twinstack.testing.Api.json;
import static dev.twinstack.testing.Api.uniqueEmail;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a public base URL configured, Location is absolute on it, whatever forwarded headers a client sends. */
@QuarkusTest
@TestProfile(PublicBaseUrlTest.PublicBaseUrl.class)
class PublicBaseUrlTest {

    private static final String BASE = "https://api.example.com/";

    public static class PublicBaseUrl implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("twinstack.public-base-url", BASE);
        }
    }

    @Test
    void locationOfACreatedUserIsOnThePublicBaseUrl() {
        json().header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "http")
                .body("{\"email\":\"%s\",\"name\":\"Ada\"}".formatted(uniqueEmail()))
                .post("/api/users")
                .then()
                .statusCode(201)
                .header("Location", startsWith("https://api.example.com/api/users/"));
    }
}
