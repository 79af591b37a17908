package dev.twinstack.k8s;

import dev.twinstack.platform.EffectiveConfigSpec;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;

/** The Kubernetes build runs with this module's settings, not app/'s, whatever the classpath order. */
@QuarkusTest
class KubernetesConfigTest extends EffectiveConfigSpec {

    private static final String POOL_MAX = "quarkus.datasource.jdbc.max-size";

    @Override
    protected Map<String, String> expectedSettings() {
        return Map.ofEntries(
                Map.entry("twinstack.target", "kubernetes"),
                Map.entry("quarkus.package.jar.appcds.enabled", "true"),
                Map.entry(POOL_MAX, declaredByThisModule(POOL_MAX)),
                Map.entry("quarkus.datasource.jdbc.min-size", "2"),
                Map.entry("quarkus.datasource.jdbc.acquisition-timeout", "2S"),
                Map.entry("quarkus.datasource.health.enabled", "false"),
                Map.entry("twinstack.admission.queue", "1000"),
                Map.entry("twinstack.admission.max-wait", "1S"),
                Map.entry("quarkus.shutdown.delay-enabled", "true"),
                Map.entry("quarkus.shutdown.delay", "5S"),
                Map.entry("quarkus.shutdown.timeout", "15S"),
                Map.entry("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317"),
                Map.entry("quarkus.hibernate-orm.schema-management.strategy", "validate"));
    }
}
