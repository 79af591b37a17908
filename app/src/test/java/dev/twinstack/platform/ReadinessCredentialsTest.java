package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Where the datasource's credentials come from a provider (the Lambda target's IAM auth tokens), readiness logs in
 * with them too, not with the configured username and password, which such a database does not accept.
 */
@QuarkusTest
@TestProfile(ReadinessCredentialsTest.CredentialsFromAProvider.class)
class ReadinessCredentialsTest {

    static final String PROVIDER = "readiness-test-credentials";

    @Inject
    @Named(PROVIDER)
    CountingCredentials credentials;

    @Test
    void logsInWithTheDatasourcesCredentialsProvider() {
        int before = credentials.requests();

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        assertTrue(credentials.requests() > before, "readiness opened its connection without asking the provider");
    }

    public static class CredentialsFromAProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.credentials-provider", PROVIDER);
        }
    }

    /** Hands out the test database's credentials, as a token provider would, and counts each request for them. */
    @ApplicationScoped
    @Named(PROVIDER)
    @Unremovable
    static class CountingCredentials implements CredentialsProvider {

        private final AtomicInteger requests = new AtomicInteger();

        @Override
        public Map<String, String> getCredentials(String credentialsProviderName) {
            requests.incrementAndGet();
            var config = ConfigProvider.getConfig();
            return Map.of(
                    USER_PROPERTY_NAME, config.getValue("quarkus.datasource.username", String.class),
                    PASSWORD_PROPERTY_NAME, config.getValue("quarkus.datasource.password", String.class));
        }

        int requests() {
            return requests.get();
        }
    }
}
