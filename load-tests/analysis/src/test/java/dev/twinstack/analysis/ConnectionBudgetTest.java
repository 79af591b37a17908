package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(50, result.bound(ConnectionBudget.LAMBDA).connections());
        // min(40 % of 200 = 80, 50) = 50
        assertEquals(50, result.bound(ConnectionBudget.LAMBDA_PROXY).connections());
        assertTrue(result.ok());
    }

    @Test
    void flagsPinnedEnvironmentsBeyondTheProxysShare() {
        var result = ConnectionBudget.compute(new ConnectionBudget.LambdaInputs(300, 1, 40), null, MAX_CONNECTIONS);

        // 300 direct connections cannot fit 200
        assertTrue(result.bound(ConnectionBudget.LAMBDA).exceeds());
        // multiplexed: the proxy caps at 40 % of 200 = 80
        assertEquals(80, result.bound(ConnectionBudget.LAMBDA_PROXY).connections());
        assertFalse(result.bound(ConnectionBudget.LAMBDA_PROXY).exceeds());
        // all pinned: 300 clients want their own connection, the proxy has 80
        assertTrue(result.bound(ConnectionBudget.LAMBDA_PROXY_PINNED).exceeds());
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
    void readsTheTemplateResolvingParametersAndDefaults() throws IOException {
        var inputs = DeployFiles.lambda(write("template.yaml", TEMPLATE), properties(1), Map.of());

        assertEquals(new ConnectionBudget.LambdaInputs(50, 1, 40), inputs);
    }

    @Test
    void letsParametersBeOverriddenAsAtDeployTime() throws IOException {
        var inputs = DeployFiles.lambda(
                write("template.yaml", TEMPLATE), properties(1), Map.of("ReservedConcurrency", "120"));

        assertEquals(120, inputs.reservedConcurrency());
    }

    @Test
    void assumesAwsDefaultWhenTheProxyPercentIsUnset() throws IOException {
        String noPercent = TEMPLATE.replace("MaxConnectionsPercent: !Ref ProxyMaxConnectionsPercent", "{}")
                .replace("ConnectionPoolConfigurationInfo:\n                {}", "ConnectionPoolConfigurationInfo: {}");

        var inputs = DeployFiles.lambda(write("template.yaml", noPercent), properties(1), Map.of());

        assertEquals(100, inputs.proxyMaxConnectionsPercent());
    }

    @Test
    void refusesAFunctionWithoutReservedConcurrency() throws IOException {
        String unbounded = TEMPLATE.replace("ReservedConcurrentExecutions: !Ref ReservedConcurrency", "Timeout: 15");

        var error = assertThrows(
                IllegalArgumentException.class,
                () -> DeployFiles.lambda(write("template.yaml", unbounded), properties(1), Map.of()));
        assertTrue(error.getMessage().contains("ReservedConcurrentExecutions"));
    }

    @Test
    void refusesAParameterWithoutDefault() throws IOException {
        String noDefault = TEMPLATE.replace("    Default: 50\n", "");

        var error = assertThrows(
                IllegalArgumentException.class,
                () -> DeployFiles.lambda(write("template.yaml", noDefault), properties(1), Map.of()));
        assertTrue(error.getMessage().contains("ReservedConcurrency=N"), error.getMessage());
    }

    @Test
    void readsRenderedManifestsWithPoolFromTheConfigMapAndTheJobsOwnPool() throws IOException {
        var inputs = DeployFiles.kubernetes(MANIFESTS, properties(10));

        assertEquals(new ConnectionBudget.KubernetesInputs(6, 1, 8, 1, 2, 80), inputs);
    }

    @Test
    void takesAPercentageSurgeOfMaxReplicasRoundedUp() throws IOException {
        var inputs = DeployFiles.kubernetes(MANIFESTS.replace("maxSurge: 1", "maxSurge: 25%"), properties(10));

        // 25 % of 6 = 1.5, rounded up
        assertEquals(2, inputs.maxSurge());
    }

    @Test
    void fallsBackToTheServersPropertiesForThePool() throws IOException {
        String noConfigMapPool = MANIFESTS.replace("  QUARKUS_DATASOURCE_JDBC_MAX_SIZE: \"8\"", "  OTHER: x");

        var inputs = DeployFiles.kubernetes(noConfigMapPool, properties(10));

        assertEquals(10, inputs.poolMax());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path properties(int pool) throws IOException {
        return write(
                "application-" + pool + ".properties",
                "config_ordinal=260\nquarkus.datasource.jdbc.max-size=" + pool + "\n");
    }
}
