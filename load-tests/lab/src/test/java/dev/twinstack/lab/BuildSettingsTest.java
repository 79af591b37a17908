package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.toolkit.EffectiveConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings each artifact the lab runs was built with, read from the artifact itself as Quarkus resolves them (the
 * production profile, every application.properties at its ordinal): the Lambda build holds one connection per
 * environment, the Kubernetes build a bounded pool with bounded waiting, both fail fast when no connection comes, and
 * each takes its deploy module's values over the shared ones by ordinal, not by class-path order.
 */
class BuildSettingsTest {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final EffectiveConfig FUNCTION = EffectiveConfig.ofArtifact(BUILD.resolve("function"));
    private static final EffectiveConfig SERVER = EffectiveConfig.ofArtifact(BUILD.resolve("server"));
    private static final Map<String, EffectiveConfig> ARTIFACTS = Map.of("function.zip", FUNCTION, "server", SERVER);

    private static final String MIN = "quarkus.datasource.jdbc.min-size";
    private static final String ACQUISITION = "quarkus.datasource.jdbc.acquisition-timeout";

    /** Lambda's execution model: an environment serves one request at a time. */
    private static final int REQUESTS_AT_ONCE_PER_ENVIRONMENT = 1;

    /** Failing fast: a request gives up waiting for a connection within this, well inside a client's patience. */
    private static final Duration FAST = Duration.ofSeconds(5);

    @Test
    void runsEachTargetAsItsOwnBuild() {
        assertEquals("lambda", FUNCTION.require("twinstack.target"));
        assertEquals("kubernetes", SERVER.require("twinstack.target"));
    }

    @Test
    void givesEachLambdaEnvironmentOneConnection() {
        assertEquals(
                REQUESTS_AT_ONCE_PER_ENVIRONMENT,
                DeployFiles.poolMax(FUNCTION),
                "no more connections than requests an environment serves at once");
        assertEquals(0, FUNCTION.intValue(MIN), "opened on first use, none kept open for nothing");
        assertEquals(0, FUNCTION.intValue("quarkus.datasource.jdbc.initial-size"), "none opened at init");
    }

    @Test
    void boundsTheKubernetesPool() {
        int max = DeployFiles.poolMax(SERVER);

        assertTrue(max >= 1 && SERVER.intValue(MIN) <= max, "a ceiling, with the warm floor under it");
        assertTrue(SERVER.intValue("twinstack.admission.queue") >= 0, "the requests waiting for it are bounded");
        assertTrue(
                SERVER.duration("twinstack.admission.max-wait").compareTo(SERVER.duration(ACQUISITION)) < 0,
                "a waiting request is turned away before the pool would fail it");
    }

    @Test
    void failsFastOnBothTargetsWhenNoConnectionComes() {
        assertAll(ARTIFACTS.entrySet().stream().map(artifact -> () -> {
            // Agroal waits for ever with 0.
            Duration timeout = artifact.getValue().duration(ACQUISITION);
            assertTrue(
                    !timeout.isZero() && !timeout.isNegative() && timeout.compareTo(FAST) <= 0,
                    artifact.getKey() + " gives up on the pool within " + FAST + ": " + timeout);
        }));
    }

    @Test
    void takesTheDeployModulesValueOverTheSharedOne() {
        assertAll(ARTIFACTS.entrySet().stream().map(artifact -> () -> {
            var definitions = artifact.getValue().definitions(DeployFiles.POOL_MAX);
            var winner = definitions.get(0);
            var shared = definitions.get(definitions.size() - 1);

            assertTrue(definitions.size() >= 2, artifact.getKey() + " sets the pool twice: " + definitions);
            assertEquals(artifact.getValue().setting(DeployFiles.POOL_MAX), winner);
            assertTrue(
                    definitions.stream().skip(1).allMatch(other -> other.ordinal() < winner.ordinal()),
                    artifact.getKey() + ": the deploy module's file wins by ordinal, not by class-path order: "
                            + definitions);
            assertNotEquals(shared.value(), winner.value(), artifact.getKey() + " overrides the shared value");
        }));
    }
}
