package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.KubernetesManifests;
import dev.twinstack.toolkit.Kustomize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
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
    /** The template's parameters for the hybrid topology (its cluster's names are only checked by CloudFormation). */
    private static final Map<String, String> HYBRID = Map.of("Topology", "hybrid");

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

    @Test
    void seesTheHybridTopologyInTheTemplatesVpcLinkIntegration() {
        assertFalse(DeployFiles.routesToCluster(template()), "Topology lambda: every route to the function");
        assertTrue(DeployFiles.routesToCluster(template().withParameters(HYBRID)));
    }

    @Test
    void readsTheRouteTableOfEachTopologyFromTheTemplate() {
        var hybrid = DeployFiles.routes(template().withParameters(DeployFiles.HYBRID_TOPOLOGY));

        // true: through the VPC link to the cluster
        assertEquals(
                Map.of("ANY /api/users", false, "ANY /api/users/{proxy+}", false, "ANY /api/{proxy+}", true), hybrid);
        assertTrue(DeployFiles.routes(template()).values().stream().noneMatch(toCluster -> toCluster));
    }

    @Test
    void givesTheShareOfAMixTheRouteTableSendsToTheFunction() {
        var hybrid = DeployFiles.routes(template().withParameters(DeployFiles.HYBRID_TOPOLOGY));

        // /api/users and /api/users/7 to the function (the most specific route), /api/orders to the cluster
        assertEquals("ANY /api/users/{proxy+}", DeployFiles.route(hybrid, "/api/users/7"));
        assertEquals("ANY /api/{proxy+}", DeployFiles.route(hybrid, "/api/orders"));
        assertEquals(
                0.5,
                DeployFiles.lambdaShare(hybrid, Map.of("/api/users", 1.0, "/api/users/7", 1.0, "/api/orders", 2.0)));
    }

    @Test
    @EnabledIfSystemProperty(
            named = "twinstack-full",
            matches = "true",
            disabledReason = "rendering overlays needs kubectl: run with -Pfull")
    void fitsBothSidesOfTheHybridTopologyInOneDatabaseOf200Connections() {
        var result = Analysis.budget(ROOT, null, MAX_CONNECTIONS, HYBRID);

        // The proxy's 50 % of 200 = 100, the hybrid overlay's (8 + 1) x (8 + 1) + 2 = 83.
        var hybrid = result.bound(ConnectionBudget.HYBRID);
        assertTrue(result.ok(), Analysis.describe(result));
        assertEquals(100 + 83, hybrid.connections(), hybrid.arithmetic());
    }

    @Test
    @EnabledIfSystemProperty(
            named = "twinstack-full",
            matches = "true",
            disabledReason = "rendering overlays needs kubectl: run with -Pfull")
    void flagsSidesThatEachFitButTogetherExhaustTheDatabase() {
        var template = template().withParameters(Map.of("Topology", "hybrid", "MaxConnectionsPercent", "80"));

        var result = Analysis.budget(template, OVERLAYS.resolve("hybrid"), ROOT, MAX_CONNECTIONS);

        assertFalse(result.bound(ConnectionBudget.LAMBDA).exceeds(), Analysis.describe(result));
        assertFalse(result.bound(ConnectionBudget.K8S).exceeds(), Analysis.describe(result));
        assertTrue(result.bound(ConnectionBudget.HYBRID).exceeds(), Analysis.describe(result));
        assertFalse(result.ok());
    }

    @Test
    @EnabledIfSystemProperty(
            named = "twinstack-full",
            matches = "true",
            disabledReason = "rendering overlays needs kubectl: run with -Pfull")
    void flagsTheHybridOverlayScaledTo50PodsOfPool10Against360Connections(@TempDir Path dir) throws IOException {
        // The classic failure, on the real overlay: 50 pods x pool 10 = 500 connections against max_connections 360.
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                configMapGenerator:
                  - name: twinstack-config
                    behavior: merge
                    literals:
                      - QUARKUS_DATASOURCE_JDBC_MAX_SIZE=10
                patches:
                  - target:
                      kind: HorizontalPodAutoscaler
                      name: twinstack
                    patch: |-
                      - op: replace
                        path: /spec/maxReplicas
                        value: 50
                """.formatted(
                        dir.toRealPath().relativize(OVERLAYS.resolve("hybrid").toRealPath())));

        var scaled = Analysis.budget(template().withParameters(HYBRID), dir, ROOT, 360);
        var asShipped = Analysis.budget(template().withParameters(HYBRID), OVERLAYS.resolve("hybrid"), ROOT, 360);

        // (50 + 1 surge) x (10 + 1 readiness) + Job 2 = 563, + the proxy's 50 % of 360 = 180: 743 of 360
        assertEquals(743, scaled.bound(ConnectionBudget.HYBRID).connections(), Analysis.describe(scaled));
        assertFalse(scaled.ok());
        // as shipped: 180 + 83 = 263 of 360
        assertEquals(263, asShipped.bound(ConnectionBudget.HYBRID).connections(), Analysis.describe(asShipped));
        assertTrue(asShipped.ok(), Analysis.describe(asShipped));
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
