package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.KubernetesManifests;
import dev.twinstack.toolkit.Kustomize;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The budget of this project's own deploy files, as a team editing them would run it: the one place it is checked.
 * Each pool is read from its deployable's configuration, so changing a pool size changes these checks with it.
 */
class ProjectDeployFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent()
            .getParent()
            .getParent();
    private static final Path OVERLAYS = ROOT.resolve("deploy-k8s/kustomize/overlays");
    private static final int MAX_CONNECTIONS = 200;

    /** Every overlay, so a new overlay is checked without touching the test. */
    static List<String> overlays() {
        return Kustomize.kustomizations(OVERLAYS);
    }

    @Test
    void readsThePodsTheHpaScalesFromTheBaseManifests() {
        var pods = DeployFiles.kubernetesPods(ROOT.resolve("deploy-k8s/kustomize/base/deployment.yaml"));

        // The server's 500m and 512Mi, the collector sidecar's 50m and 64Mi; minReplicas 2, maxReplicas 6, 70 %.
        assertEquals(new DeployFiles.KubernetesPods(2, 6, 0.7, 0.55, 0.5625, 2), pods);
    }

    @Test
    void readsTheSamTemplatesDefaultsAndTheFunctionsPool() {
        var inputs = DeployFiles.lambda(template(), Analysis.deployable(ROOT, "deploy-lambda"));

        // ReservedConcurrency and MaxConnectionsPercent default to 50; the template leaves the pool to the build.
        assertEquals(
                new ConnectionBudget.LambdaInputs(
                        50, DeployFiles.poolMax(Analysis.deployable(ROOT, "deploy-lambda")), 50),
                inputs);
    }

    @Test
    void readsTheFunctionAsTheTemplateDeploysItForTheJvmPackaging() {
        var function = DeployFiles.lambdaFunction(template());

        assertEquals(new DeployFiles.LambdaFunction(1024, "arm64", "java25", true, 15), function);
    }

    @Test
    void readsTheProxysBorrowTimeoutFromTheTemplate() {
        assertEquals(OptionalInt.of(5), DeployFiles.proxyBorrowTimeoutSeconds(template()));
    }

    @Test
    void readsTheProxysIdleShareFromTheTemplate() {
        // MaxIdleConnectionsPercent 25 of the default MaxConnectionsPercent 50: half the proxy's connections.
        assertEquals(OptionalDouble.of(0.5), DeployFiles.proxyIdleShare(template()));
        assertEquals(
                OptionalDouble.of(0.25),
                DeployFiles.proxyIdleShare(template().withParameters(Map.of("MaxConnectionsPercent", "100"))));
    }

    @Test
    void evaluatesThePackagingConditionSoANativeDeploymentHasNoSnapStart() {
        var function = DeployFiles.lambdaFunction(template()
                .withParameters(Map.of("Packaging", "native", "MemorySize", "2048", "Architecture", "x86_64")));

        assertEquals(new DeployFiles.LambdaFunction(2048, "x86_64", "provided.al2023", false, 15), function);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    @EnabledIfSystemProperty(
            named = "twinstack-full",
            matches = "true",
            disabledReason = "rendering overlays needs kubectl: run with -Pfull")
    void fitsEveryTargetInADatabaseOf200ConnectionsAndTheOverlaysShare(String overlay) {

        var result = Analysis.budget(ROOT, overlay, MAX_CONNECTIONS, Map.of());
        var k8s = result.bound(ConnectionBudget.K8S);

        assertTrue(result.ok(), Analysis.describe(result));
        assertTrue(k8s.limit() < MAX_CONNECTIONS, overlay + " states its share of the database: " + k8s);
    }

    @Test
    @EnabledIfSystemProperty(
            named = "twinstack-full",
            matches = "true",
            disabledReason = "rendering overlays needs kubectl: run with -Pfull")
    void runsTheProdOverlayWithTheServerBuildsPoolAndTheJobsOwn() {
        var server = Analysis.deployable(ROOT, "deploy-k8s");

        var inputs = DeployFiles.kubernetes(KubernetesManifests.render(OVERLAYS.resolve("prod")), server);

        assertEquals(DeployFiles.poolMax(server), inputs.poolMax(), "prod sets no pool of its own");
        assertTrue(
                inputs.jobConnections() < inputs.poolMax(),
                "the migration Job runs with a smaller pool of its own: " + inputs);
    }

    @Test
    void flagsAReservedConcurrencyThatWouldExhaustTheDatabase() {
        var inputs = DeployFiles.lambda(
                template().withParameters(Map.of("ReservedConcurrency", "500")),
                Analysis.deployable(ROOT, "deploy-lambda"));

        var result = ConnectionBudget.compute(inputs, null, MAX_CONNECTIONS);

        assertTrue(result.bound(ConnectionBudget.LAMBDA_DIRECT).exceeds());
        assertTrue(result.bound(ConnectionBudget.LAMBDA_PINNED).exceeds());
    }

    private static CloudFormationTemplate template() {
        return CloudFormationTemplate.read(ROOT.resolve("deploy-lambda/template.yaml"));
    }
}
