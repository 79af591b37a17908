package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;

/** The Lambda settings (deploy-lambda's application.properties, ordinal 260) win over app's. */
@QuarkusTest
class LambdaConfigTest extends EffectiveConfigSpec {

    private static final String POOL_MAX = "quarkus.datasource.jdbc.max-size";

    @Override
    protected Map<String, String> expectedSettings() {
        return Map.ofEntries(
                Map.entry("twinstack.target", "lambda"),
                // One request per execution environment: this module's pool, not app's, opened on first use.
                Map.entry(POOL_MAX, declaredByThisModule(POOL_MAX)),
                Map.entry("quarkus.datasource.jdbc.min-size", "0"),
                Map.entry("quarkus.datasource.jdbc.initial-size", "0"),
                Map.entry("quarkus.datasource.jdbc.pooling-enabled", "true"),
                // Validated on borrow after idle; no timers that cannot run while the environment is frozen.
                Map.entry("quarkus.datasource.jdbc.foreground-validation-interval", "1S"),
                Map.entry("quarkus.datasource.jdbc.background-validation-interval", "0"),
                Map.entry("quarkus.datasource.jdbc.idle-removal-interval", "0"),
                Map.entry("quarkus.datasource.jdbc.leak-detection-interval", "0"),
                Map.entry("quarkus.datasource.jdbc.max-lifetime", "0"),
                Map.entry("quarkus.datasource.jdbc.acquisition-timeout", "3S"),
                Map.entry("quarkus.datasource.jdbc.login-timeout", "2S"),
                Map.entry("twinstack.idempotency.cleanup-every", "off"),
                // Nothing that pins an RDS Proxy session.
                Map.entry("quarkus.datasource.jdbc.additional-jdbc-properties.prepareThreshold", "0"),
                Map.entry("quarkus.datasource.jdbc.additional-jdbc-properties.assumeMinServerVersion", "17"),
                // Init never needs the database.
                Map.entry("quarkus.hibernate-orm.database.start-offline", "true"),
                Map.entry("quarkus.hibernate-orm.schema-management.strategy", "none"),
                Map.entry("quarkus.hibernate-orm.database.version-check.enabled", "false"),
                // Spans leave before the environment freezes, to the collector extension on localhost.
                Map.entry("quarkus.otel.simple", "true"),
                Map.entry("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf"),
                Map.entry("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4318"));
    }
}
