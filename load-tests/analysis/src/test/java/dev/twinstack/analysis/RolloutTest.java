package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinstack.toolkit.KubernetesManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A Deployment's rolling update and probes as the lab's rolling restart and kubelet read them. */
class RolloutTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              %s
              template:
                spec:
                  %s
                  containers:
                    - name: app
                      image: web
                      %s
            """;

    @Test
    void readsTheProjectsDeploymentAsWritten() throws IOException {
        var manifests =
                KubernetesManifests.parse(Files.readString(Path.of("../../deploy-k8s/kustomize/base/deployment.yaml")));

        var rollout = DeployFiles.rollout(manifests, "twinstack", 2);

        assertEquals(new DeployFiles.Rollout(1, 0, 5, 2, 3, 2, 30), rollout);
    }

    @Test
    void roundsAPercentageOfSurgeUpAndOfUnavailableDown() {
        var manifests = KubernetesManifests.parse(DEPLOYMENT.formatted(
                "strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}", "", ""));

        assertEquals(1, DeployFiles.rollout(manifests, "web", 2).maxSurge());
        assertEquals(0, DeployFiles.rollout(manifests, "web", 2).maxUnavailable());
        assertEquals(3, DeployFiles.rollout(manifests, "web", 10).maxSurge());
        assertEquals(2, DeployFiles.rollout(manifests, "web", 10).maxUnavailable());
    }

    @Test
    void takesKubernetesDefaultsWhereTheDeploymentSaysNothing() {
        var manifests = KubernetesManifests.parse(DEPLOYMENT.formatted("", "", ""));

        assertEquals(new DeployFiles.Rollout(1, 1, 10, 3, 1, 10, 30), DeployFiles.rollout(manifests, "web", 4));
    }

    @Test
    void refusesARolloutThatCouldNeverProceed() {
        var manifests = KubernetesManifests.parse(DEPLOYMENT.formatted(
                "strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 10%}}", "", ""));

        assertThrows(IllegalArgumentException.class, () -> DeployFiles.rollout(manifests, "web", 3));
    }
}
