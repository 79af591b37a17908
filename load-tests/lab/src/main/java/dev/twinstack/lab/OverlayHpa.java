package dev.twinstack.lab;

import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HorizontalPodAutoscaler of the overlay the lab models, as the cluster would get it: the overlay rendered with
 * {@code kubectl kustomize} (toolkit's {@link KubernetesManifests#render}), its HPA and the Deployment it scales (the
 * pod's CPU request, its containers' preStop hooks). Where kubectl cannot render it, the base's {@code hpa.yaml} beside
 * the Deployment file is read instead, and {@link #source} says so.
 *
 * @param source where the HPA came from, in words for the page
 * @param controller the controller's arithmetic for it, with anything the run changed
 * @param cpuRequestMillis the pod's CPU request (containers and native sidecars added up), millicores
 * @param preStop how long the server container's preStop hook sleeps before SIGTERM (zero: none declared)
 */
record OverlayHpa(String source, HpaController controller, int cpuRequestMillis, Duration preStop) {

    /**
     * Reads {@code overlay} of the kustomize folder that holds {@code deploymentFile}'s base ({@code <kustomize>/base}
     * and {@code <kustomize>/overlays/<overlay>}), with the HPA's scale-down stabilisation window replaced by
     * {@code scaleDownWindow} when given.
     */
    static OverlayHpa read(Path deploymentFile, String overlay, Optional<Duration> scaleDownWindow) {
        Path kustomize = deploymentFile.toAbsolutePath().normalize().getParent().getParent();
        Path dir = kustomize.resolve("overlays").resolve(overlay);
        KubernetesManifests manifests;
        String source;
        try {
            manifests = KubernetesManifests.render(dir);
            source = "overlays/" + overlay + " rendered with kubectl kustomize";
        } catch (RuntimeException e) {
            Path hpa = deploymentFile.resolveSibling("hpa.yaml");
            try {
                manifests =
                        KubernetesManifests.parse(Files.readString(deploymentFile) + "\n---\n" + Files.readString(hpa));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            source = "the base's hpa.yaml, not overlays/" + overlay + " (it could not be rendered: " + e.getMessage()
                    + ")";
        }
        return of(manifests, source, scaleDownWindow);
    }

    /** The HPA of {@code manifests} (there must be one) and the Deployment it scales. */
    static OverlayHpa of(KubernetesManifests manifests, String source, Optional<Duration> scaleDownWindow) {
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        if (autoscalers.size() != 1) {
            throw new IllegalArgumentException(
                    "the manifests should have one HorizontalPodAutoscaler, not " + autoscalers.size());
        }
        var spec = autoscalers.get(0).getSpec();
        if (scaleDownWindow.isPresent()) {
            HorizontalPodAutoscalerBehavior behavior =
                    spec.getBehavior() == null ? new HorizontalPodAutoscalerBehavior() : spec.getBehavior();
            HPAScalingRules down = behavior.getScaleDown() == null ? new HPAScalingRules() : behavior.getScaleDown();
            down.setStabilizationWindowSeconds((int) scaleDownWindow.get().toSeconds());
            behavior.setScaleDown(down);
            spec.setBehavior(behavior);
            source += "; its scale-down stabilisation window shortened to " + Durations.format(scaleDownWindow.get())
                    + " for this run (lab.hpaScaleDownWindow, or the scale-out profile's)";
        }
        DeployFiles.KubernetesPods pods = DeployFiles.kubernetesPods(manifests);
        Deployment deployment =
                manifests.one(Deployment.class, spec.getScaleTargetRef().getName());
        Container server =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        return new OverlayHpa(
                source,
                new HpaController(spec, HpaController.Settings.DEFAULTS),
                (int) Math.round(pods.cpuRequestVcpu() * 1000),
                preStopSleep(server));
    }

    /** A preStop hook's sleep (the {@code sleep} action, or an exec of {@code sleep N}); zero when none. */
    static Duration preStopSleep(Container container) {
        var lifecycle = container.getLifecycle();
        if (lifecycle == null || lifecycle.getPreStop() == null) {
            return Duration.ZERO;
        }
        var hook = lifecycle.getPreStop();
        if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
            return Duration.ofSeconds(hook.getSleep().getSeconds());
        }
        if (hook.getExec() != null && hook.getExec().getCommand() != null) {
            List<String> command = hook.getExec().getCommand();
            for (int i = 0; i + 1 < command.size(); i++) {
                if (command.get(i).endsWith("sleep") && command.get(i + 1).matches("\\d+")) {
                    return Duration.ofSeconds(Long.parseLong(command.get(i + 1)));
                }
            }
        }
        return Duration.ZERO;
    }

    /** The page's line on the scale-in sequence. */
    String scaleIn() {
        return preStop.isZero()
                ? "no preStop hook (the manifests declare none): SIGTERM at once"
                : "preStop sleeps " + Durations.format(preStop) + ", then SIGTERM";
    }
}
