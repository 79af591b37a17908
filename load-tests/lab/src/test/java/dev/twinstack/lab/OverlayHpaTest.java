package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The HPA the lab follows comes from the deploy files: bounds, CPU target, the pod's CPU request, the preStop hook. */
class OverlayHpaTest {

    private static final Path BASE = Path.of("../../deploy-k8s/kustomize/base");

    private static KubernetesManifests base() throws IOException {
        return KubernetesManifests.parse(Files.readString(BASE.resolve("deployment.yaml")) + "\n---\n"
                + Files.readString(BASE.resolve("hpa.yaml")));
    }

    @Test
    void readsTheBasesBoundsTargetAndThePodsRequestWithItsSidecar() throws IOException {
        OverlayHpa hpa = OverlayHpa.of(base(), "base", Optional.empty());

        assertEquals(2, hpa.controller().minReplicas());
        assertEquals(6, hpa.controller().maxReplicas());
        assertEquals(70, hpa.controller().targetUtilization());
        // The server's 500m and the collector sidecar's 50m, as the HPA adds up a pod's requests.
        assertEquals(550, hpa.cpuRequestMillis());
        // The manifests count the shutdown delay once, in the app: no preStop hook.
        assertEquals(Duration.ZERO, hpa.preStop());
        assertTrue(
                hpa.controller().describe().contains("scale-down: stabilisation window 300 s, max of 1 pod per 60 s"),
                hpa.controller().describe());
    }

    @Test
    void aScaleDownWindowGivenReplacesTheBehaviorsAndIsSaid() throws IOException {
        OverlayHpa hpa = OverlayHpa.of(base(), "base", Optional.of(Duration.ofSeconds(30)));

        assertTrue(hpa.controller().describe().contains("scale-down: stabilisation window 30 s"));
        assertTrue(
                hpa.source()
                        .endsWith(
                                "its scale-down stabilisation window shortened to 30s for this run (lab.hpaScaleDownWindow, or the scale-out"
                                        + " profile's)"),
                hpa.source());
    }

    @Test
    void readsAPreStopSleepInEitherForm() {
        Container sleepAction = KubernetesManifests.parse("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          containers:
                            - name: a
                              image: x
                              lifecycle: {preStop: {sleep: {seconds: 5}}}
                        """)
                .one(io.fabric8.kubernetes.api.model.Pod.class, "p")
                .getSpec()
                .getContainers()
                .get(0);
        Container exec = KubernetesManifests.parse("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          containers:
                            - name: c
                              image: x
                              lifecycle: {preStop: {exec: {command: [sleep, "7"]}}}
                        """)
                .one(io.fabric8.kubernetes.api.model.Pod.class, "p")
                .getSpec()
                .getContainers()
                .get(0);

        assertEquals(Duration.ofSeconds(5), OverlayHpa.preStopSleep(sleepAction));
        assertEquals(Duration.ofSeconds(7), OverlayHpa.preStopSleep(exec));
    }

    @Test
    @EnabledIfSystemProperty(named = "twinstack-full", matches = "true")
    void rendersTheLocalAndProdOverlaysWithKubectl() {
        OverlayHpa hpa = OverlayHpa.read(BASE.resolve("deployment.yaml"), "local", Optional.empty());

        assertEquals("overlays/local rendered with kubectl kustomize", hpa.source());
        assertEquals(1, hpa.controller().minReplicas());
        assertEquals(3, hpa.controller().maxReplicas());
        assertEquals(550, hpa.cpuRequestMillis());
        OverlayHpa prod = OverlayHpa.read(BASE.resolve("deployment.yaml"), "prod", Optional.empty());
        assertEquals(3, prod.controller().minReplicas());
        assertEquals(8, prod.controller().maxReplicas());
    }

    @Test
    void fallsBackToTheBasesFileAndSaysSoWhenTheOverlayCannotBeRendered() {
        OverlayHpa hpa = OverlayHpa.read(BASE.resolve("deployment.yaml"), "no-such-overlay", Optional.empty());

        assertTrue(hpa.source().startsWith("the base's hpa.yaml, not overlays/no-such-overlay"), hpa.source());
        assertEquals(2, hpa.controller().minReplicas());
    }
}
