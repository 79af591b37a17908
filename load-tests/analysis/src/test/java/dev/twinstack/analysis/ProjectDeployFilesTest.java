package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The calculator on this project's own deploy files, as a team editing them would run it. */
class ProjectDeployFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .getParent();
    private static final int MAX_CONNECTIONS = 200;

    @Test
    void readsTheSamTemplatesDefaults() throws Exception {
        var inputs = DeployFiles.lambda(
                ROOT.resolve("deploy-lambda/template.yaml"),
                ROOT.resolve("deploy-lambda/src/main/resources/application.properties"),
                Map.of());

        assertEquals(new ConnectionBudget.LambdaInputs(50, 1, 50), inputs);
    }

    @Test
    @EnabledIfSystemProperty(
            named = "twinstack-full",
            matches = "true",
            disabledReason = "needs kubectl: run with -Pfull")
    void fitsEveryTargetOfTheProdOverlayInADatabaseOf200Connections() throws Exception {
        var result = Analysis.budget(ROOT, "prod", MAX_CONNECTIONS, Map.of());

        assertTrue(result.ok(), Analysis.describe(result));
        // (8 + 1) x (8 + 1) + 2, from the prod overlay's HPA, surge, ConfigMap pool and Job pool
        assertEquals(83, result.bound(ConnectionBudget.K8S).connections());
    }

    @Test
    void flagsAReservedConcurrencyThatWouldExhaustTheDatabase() throws Exception {
        var inputs = DeployFiles.lambda(
                ROOT.resolve("deploy-lambda/template.yaml"),
                ROOT.resolve("deploy-lambda/src/main/resources/application.properties"),
                Map.of("ReservedConcurrency", "500"));

        var result = ConnectionBudget.compute(inputs, null, MAX_CONNECTIONS);

        assertTrue(result.bound(ConnectionBudget.LAMBDA).exceeds());
        assertTrue(result.bound(ConnectionBudget.LAMBDA_PROXY_PINNED).exceeds());
    }
}
