package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;

@QuarkusTest
class ServerConfigTest extends EffectiveConfigSpec {

    @Override
    protected Map<String, String> expectedSettings() {
        return Map.of(
                "twinstack.target", "server",
                "quarkus.datasource.jdbc.max-size", "10",
                "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                "quarkus.datasource.health.enabled", "false",
                "quarkus.flyway.migrate-at-start", "true",
                "quarkus.hibernate-orm.schema-management.strategy", "validate",
                "quarkus.http.limits.max-body-size", "64K");
    }
}
