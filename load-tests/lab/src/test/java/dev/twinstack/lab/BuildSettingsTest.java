package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The settings each artifact the lab runs was built with, side by side: the Lambda build holds one connection per
 * environment, the Kubernetes build a bounded pool, both fail fast when they cannot get one.
 */
class BuildSettingsTest {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final BuildSettings LAMBDA = BuildSettings.of(BUILD.resolve("function"));
    private static final BuildSettings K8S = BuildSettings.of(BUILD.resolve("server"));
    private static final String MAX = "quarkus.datasource.jdbc.max-size";
    private static final String ACQUISITION = "quarkus.datasource.jdbc.acquisition-timeout";

    @Test
    void runsEachTargetAsItsOwnBuild() {
        assertEquals("lambda", LAMBDA.get("twinstack.target").orElseThrow());
        assertEquals("kubernetes", K8S.get("twinstack.target").orElseThrow());
    }

    @Test
    void givesEachLambdaEnvironmentOneConnection() {
        assertEquals(1, LAMBDA.getInt(MAX));
        assertEquals("0", LAMBDA.get("quarkus.datasource.jdbc.min-size").orElseThrow());
    }

    @Test
    void boundsTheKubernetesPool() {
        assertEquals(8, K8S.getInt(MAX));
        assertEquals("2S", K8S.get(ACQUISITION).orElseThrow());
    }

    @Test
    void failsFastOnBothTargetsWhenNoConnectionComes() {
        assertEquals("3S", LAMBDA.get(ACQUISITION).orElseThrow());
        assertEquals("2S", K8S.get(ACQUISITION).orElseThrow());
    }

    @Test
    void takesTheDeployModulesValueOverTheSharedOne() {
        // app's shared file says 10; the deploy modules' files (config_ordinal 260) win.
        assertEquals(1, LAMBDA.getInt(MAX));
        assertEquals(8, K8S.getInt(MAX));
    }
}
