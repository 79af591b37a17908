package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.KubernetesManifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets worked by hand, and the parsers on small deploy files with the edge cases teams hit. */
class ConnectionBudgetTest {

    private static final int MAX_CONNECTIONS = 200;

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              ReservedConcurrency:
                Type: Number
                Default: 50
              ProxyMaxConnectionsPercent:
                Type: Number
                Default: 40
            Resources:
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  ReservedConcurrentExecutions: !Ref ReservedConcurrency
                  Environment:
                    Variables:
                      DB_HOST: !GetAtt Proxy.Endpoint
              ProxyTargets:
                Type: AWS::RDS::DBProxyTargetGroup
                Properties:
                  DBProxyName: !Ref Proxy
                  ConnectionPoolConfigurationInfo:
                    MaxConnectionsPercent: !Ref ProxyMaxConnectionsPercent
            """;

    private static final String MANIFESTS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: twinstack-config-abc
            data:
              QUARKUS_DATASOURCE_JDBC_MAX_SIZE: "8"
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: postgres
            spec:
              strategy:
                type: Recreate
              template:
                spec:
                  containers:
                    - name: postgres
                      image: postgres:17
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: twinstack
              annotations:
                twinstack.dev/database-connection-share: "80"
            spec:
              strategy:
                rollingUpdate:
                  maxSurge: 1
              template:
                spec:
                  containers:
                    - name: app
                      image: twinstack:1
                      envFrom:
                        - configMapRef:
                            name: twinstack-config-abc
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: twinstack
            spec:
              maxReplicas: 6
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: twinstack
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: twinstack-migrate-0.1.0
            spec:
              template:
                spec:
                  containers:
                    - name: migrate
                      image: twinstack:1
                      env:
                        - name: QUARKUS_DATASOURCE_JDBC_MAX_SIZE
                          value: "2"
            """;

    @TempDir
    Path dir;

    @Test
    void boundsLambdaDirectByConcurrencyTimesPool() {
        var result = ConnectionBudget.compute(new ConnectionBudget.LambdaInputs(50, 1, 40), null, MAX_CONNECTIONS);

        // 50 environments x 1 connection
        assertEquals(50, result.bound(ConnectionBudget.LAMBDA_DIRECT).connections());
        // min(40 % of 200 = 80, 50) = 50
        assertEquals(50, result.bound(ConnectionBudget.LAMBDA).connections());
        assertTrue(result.ok());
    }

    @Test
    void flagsPinnedEnvironmentsBeyondTheProxysShare() {
        var result = ConnectionBudget.compute(new ConnectionBudget.LambdaInputs(300, 1, 40), null, MAX_CONNECTIONS);

        // 300 direct connections cannot fit 200
        assertTrue(result.bound(ConnectionBudget.LAMBDA_DIRECT).exceeds());
        // multiplexed: the proxy caps at 40 % of 200 = 80
        assertEquals(80, result.bound(ConnectionBudget.LAMBDA).connections());
        assertFalse(result.bound(ConnectionBudget.LAMBDA).exceeds());
        // all pinned: 300 clients want their own connection, the proxy has 80
        assertTrue(result.bound(ConnectionBudget.LAMBDA_PINNED).exceeds());
        assertFalse(result.ok());
    }

    @Test
    void boundsKubernetesBySurgedReplicasTimesPoolPlusTheJob() {
        var result = ConnectionBudget.compute(
                null, new ConnectionBudget.KubernetesInputs(6, 1, 8, 1, 2, 80), MAX_CONNECTIONS);

        // (6 + 1) x (8 + 1) + 2 = 65, within the share of 80
        var bound = result.bound(ConnectionBudget.K8S);
        assertEquals(65, bound.connections());
        assertEquals(80, bound.limit());
        assertTrue(bound.arithmetic().contains("= 65"), bound.arithmetic());
    }

    @Test
    void addsTheProxysShareTheClusterAndItsJobWhenBothSidesShareOneDatabase() {
        var result = ConnectionBudget.compute(
                new ConnectionBudget.LambdaInputs(50, 1, 50),
                new ConnectionBudget.KubernetesInputs(8, 1, 8, 1, 2, 100),
                MAX_CONNECTIONS,
                true);

        // 50 % of 200 = 100, + (8 + 1) x (8 + 1) + 2 = 83: 183 of 200
        var hybrid = result.bound(ConnectionBudget.HYBRID);
        assertEquals(183, hybrid.connections());
        assertEquals(MAX_CONNECTIONS, hybrid.limit());
        assertTrue(hybrid.arithmetic().endsWith("100 + 83 = 183"), hybrid.arithmetic());
        assertTrue(result.ok());
    }

    @Test
    void flagsTheClassicScaleOutAgainstTheDatabaseBothSidesShare() {
        // 50 pods x pool 10 (+ 1 readiness each, + 1 surge pod) + a Job of 2 = 563, with the proxy's 50 % of 360 = 180
        var result = ConnectionBudget.compute(
                new ConnectionBudget.LambdaInputs(50, 1, 50),
                new ConnectionBudget.KubernetesInputs(50, 1, 10, 1, 2, null),
                360,
                true);

        assertEquals(743, result.bound(ConnectionBudget.HYBRID).connections());
        assertTrue(result.bound(ConnectionBudget.HYBRID).exceeds());
        assertFalse(result.ok());
    }

    @Test
    void flagsSidesThatFitAloneButNotTogether() {
        // proxy 80 % of 200 = 160 fits, the cluster's 83 fits its share of 100; together 243 > 200
        var result = ConnectionBudget.compute(
                new ConnectionBudget.LambdaInputs(50, 1, 80),
                new ConnectionBudget.KubernetesInputs(8, 1, 8, 1, 2, 100),
                MAX_CONNECTIONS,
                true);

        assertFalse(result.bound(ConnectionBudget.LAMBDA).exceeds());
        assertFalse(result.bound(ConnectionBudget.K8S).exceeds());
        assertEquals(243, result.bound(ConnectionBudget.HYBRID).connections());
        assertFalse(result.ok());
    }

    @Test
    void addsNothingUpWhenEachSideHasItsOwnDatabase() {
        var result = ConnectionBudget.compute(
                new ConnectionBudget.LambdaInputs(50, 1, 80),
                new ConnectionBudget.KubernetesInputs(8, 1, 8, 1, 2, 100),
                MAX_CONNECTIONS);

        assertTrue(result.bounds().stream().noneMatch(b -> b.target().equals(ConnectionBudget.HYBRID)));
        assertTrue(result.ok());
    }

    @Test
    void readsTheTemplateResolvingParametersAndDefaults() {
        var inputs = DeployFiles.lambda(CloudFormationTemplate.parse(TEMPLATE), config(1));

        assertEquals(new ConnectionBudget.LambdaInputs(50, 1, 40), inputs);
    }

    @Test
    void letsParametersBeOverriddenAsAtDeployTime() {
        var inputs = DeployFiles.lambda(
                CloudFormationTemplate.parse(TEMPLATE).withParameters(Map.of("ReservedConcurrency", "120")), config(1));

        assertEquals(120, inputs.reservedConcurrency());
    }

    @Test
    void assumesAwsDefaultWhenTheProxyPercentIsUnset() {
        String noPercent = TEMPLATE.replace("MaxConnectionsPercent: !Ref ProxyMaxConnectionsPercent", "{}")
                .replace("ConnectionPoolConfigurationInfo:\n                {}", "ConnectionPoolConfigurationInfo: {}");

        var inputs = DeployFiles.lambda(CloudFormationTemplate.parse(noPercent), config(1));

        assertEquals(100, inputs.proxyMaxConnectionsPercent());
    }

    @Test
    void refusesAFunctionWithoutReservedConcurrency() {
        String unbounded = TEMPLATE.replace("ReservedConcurrentExecutions: !Ref ReservedConcurrency", "Timeout: 15");

        var error = assertThrows(
                IllegalArgumentException.class,
                () -> DeployFiles.lambda(CloudFormationTemplate.parse(unbounded), config(1)));
        assertTrue(error.getMessage().contains("ReservedConcurrentExecutions"));
    }

    @Test
    void refusesAParameterWithoutDefault() {
        String noDefault = TEMPLATE.replace("    Default: 50\n", "");

        var error = assertThrows(
                IllegalArgumentException.class,
                () -> DeployFiles.lambda(CloudFormationTemplate.parse(noDefault), config(1)));
        assertTrue(error.getMessage().contains("ReservedConcurrency="), error.getMessage());
    }

    @Test
    void readsRenderedManifestsWithPoolFromTheConfigMapAndTheJobsOwnPool() {
        var inputs = DeployFiles.kubernetes(KubernetesManifests.parse(MANIFESTS), config(10));

        assertEquals(new ConnectionBudget.KubernetesInputs(6, 1, 8, 1, 2, 80), inputs);
    }

    @Test
    void takesAPercentageSurgeOfMaxReplicasRoundedUp() {
        var inputs = DeployFiles.kubernetes(
                KubernetesManifests.parse(MANIFESTS.replace("maxSurge: 1", "maxSurge: 25%")), config(10));

        // 25 % of 6 = 1.5, rounded up
        assertEquals(2, inputs.maxSurge());
    }

    @Test
    void fallsBackToTheServersConfigurationForThePool() {
        String noConfigMapPool = MANIFESTS.replace("  QUARKUS_DATASOURCE_JDBC_MAX_SIZE: \"8\"", "  OTHER: x");

        var inputs = DeployFiles.kubernetes(KubernetesManifests.parse(noConfigMapPool), config(10));

        assertEquals(10, inputs.poolMax());
    }

    @Test
    void readsTheDeploymentTheAutoscalerScales() {
        // The database's Deployment comes first in the stream and has no surge, no share, no pool of its own.
        var inputs = DeployFiles.kubernetes(KubernetesManifests.parse(MANIFESTS), config(10));

        assertEquals(Integer.valueOf(80), inputs.share());
        assertEquals(1, inputs.maxSurge());
    }

    @Test
    void readsThePoolFromTheFunctionsEnvironmentOverItsBuild() {
        String withPool = TEMPLATE.replace(
                "DB_HOST: !GetAtt Proxy.Endpoint",
                "DB_HOST: !GetAtt Proxy.Endpoint\n          QUARKUS_DATASOURCE_JDBC_MAX_SIZE: 2");

        var inputs = DeployFiles.lambda(CloudFormationTemplate.parse(withPool), config(1));

        assertEquals(2, inputs.poolPerEnvironment());
    }

    @Test
    void refusesAPoolOnlyCloudFormationCouldResolve() {
        String unresolvable = TEMPLATE.replace(
                "DB_HOST: !GetAtt Proxy.Endpoint", "QUARKUS_DATASOURCE_JDBC_MAX_SIZE: !GetAtt Proxy.Port");

        var error = assertThrows(
                IllegalArgumentException.class,
                () -> DeployFiles.lambda(CloudFormationTemplate.parse(unresolvable), config(1)));
        assertTrue(error.getMessage().contains("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"), error.getMessage());
    }

    /** A deployable whose only application.properties (a deploy module's, ordinal 260) sets this pool. */
    private EffectiveConfig config(int pool) {
        try {
            Path classes = Files.createDirectories(dir.resolve("classes-" + pool));
            Files.writeString(
                    classes.resolve("application.properties"),
                    "config_ordinal=260\nquarkus.datasource.jdbc.max-size=" + pool + "\n");
            return EffectiveConfig.ofClassPath(List.of(classes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
