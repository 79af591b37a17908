package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The HPA arithmetic against hand-worked examples. Pods request 500m (the Deployment's request); the target is 70 %
 * unless a test says otherwise. Each expected count is worked out in the comment above it.
 */
class HpaControllerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(15);
    private static final double REQUEST = 500;

    private static HorizontalPodAutoscalerSpec spec(String behavior, int min, int max) {
        String yaml = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: twinstack
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: twinstack}
                  minReplicas: %d
                  maxReplicas: %d
                  metrics:
                    - type: Resource
                      resource:
                        name: cpu
                        target: {type: Utilization, averageUtilization: 70}
                %s
                """.formatted(min, max, behavior.indent(2));
        return KubernetesManifests.parse(yaml)
                .one(HorizontalPodAutoscaler.class, "twinstack")
                .getSpec();
    }

    private static HpaController controller(String behavior, int min, int max) {
        return new HpaController(spec(behavior, min, max), HpaController.Settings.DEFAULTS);
    }

    /** A pod long past its initialisation, ready, using {@code millis} of CPU. */
    private static HpaController.Pod warm(String name, double millis, Instant now) {
        return new HpaController.Pod(
                name,
                now.minus(Duration.ofMinutes(10)),
                true,
                now.minus(Duration.ofMinutes(9)),
                Optional.of(millis),
                now,
                WINDOW,
                REQUEST,
                false,
                false);
    }

    private static List<HpaController.Pod> warm(int count, double millis, Instant now) {
        List<HpaController.Pod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(warm("pod-" + i, millis, now));
        }
        return pods;
    }

    @Test
    void scalesUpByTheRatioOfUtilizationToTarget() {
        // 2 pods at 700m of 500m: 140 %, ratio 2.0 -> ceil(2.0 x 2) = 4; the default policies allow max(4, 2+4) = 6.
        HpaController hpa = controller("", 2, 6);
        HpaController.Decision d = hpa.sync(T0, 2, warm(2, 700, T0));
        assertEquals(140, d.utilizationPercent());
        assertEquals(4, d.recommended());
        assertEquals(4, d.desired());
        assertTrue(d.scaled());
    }

    @Test
    void changesNothingWithinTheTolerance() {
        // 375m of 500m: 75 %, ratio 75/70 = 1.071, within 0.1 of 1.
        HpaController hpa = controller("", 2, 6);
        HpaController.Decision d = hpa.sync(T0, 2, warm(2, 375, T0));
        assertEquals(75, d.utilizationPercent());
        assertEquals(2, d.desired());
        assertFalse(d.scaled());
        // 400m: 80 %, ratio 1.143, past the tolerance -> ceil(1.143 x 2) = 3.
        assertEquals(3, controller("", 2, 6).sync(T0, 2, warm(2, 400, T0)).desired());
    }

    @Test
    void neverExceedsMaxReplicas() {
        // 4 pods at 1000m: 200 %, ratio 2.857 -> ceil(11.43) = 12; policies allow max(8, 8) = 8; maxReplicas 6.
        HpaController hpa = controller("", 2, 6);
        HpaController.Decision d = hpa.sync(T0, 4, warm(4, 1000, T0));
        assertEquals(12, d.recommended());
        assertEquals(6, d.desired());
        assertTrue(d.reason().contains("maxReplicas"), d.reason());
    }

    @Test
    void scaleUpPolicyLimitsEachPeriod() {
        // One pod per 60 s: 2 -> 3 at once, still 3 at +15 s (the period started at 2), 4 after the period.
        HpaController hpa = controller("""
                behavior:
                  scaleUp:
                    policies:
                      - {type: Pods, value: 1, periodSeconds: 60}
                """, 2, 6);
        HpaController.Decision first = hpa.sync(T0, 2, warm(2, 700, T0));
        assertEquals(4, first.recommended());
        assertEquals(3, first.desired());
        assertTrue(first.reason().contains("scale-up policies"), first.reason());
        Instant t15 = T0.plusSeconds(15);
        // 3 pods at 467m: 93 %, ratio 1.33 -> ceil(4.0) = 4, still limited to 3 within the period.
        assertEquals(3, hpa.sync(t15, 3, warm(3, 467, t15)).desired());
        Instant t75 = T0.plusSeconds(75);
        assertEquals(4, hpa.sync(t75, 3, warm(3, 467, t75)).desired());
    }

    @Test
    void scaleDownIsStabilisedThenLimitedByPolicy() {
        // The base manifest's rule: a 300 s window, at most one pod per 60 s.
        String behavior = """
                behavior:
                  scaleDown:
                    stabilizationWindowSeconds: 300
                    policies:
                      - {type: Pods, value: 1, periodSeconds: 60}
                """;
        HpaController hpa = controller(behavior, 2, 6);
        // At T0, 4 pods at 350m: 70 %, on target: the recommendation is 4.
        assertEquals(4, hpa.sync(T0, 4, warm(4, 350, T0)).desired());
        // From +15 s, the load drops to 100m (20 %, ratio 0.286 -> ceil(1.14) = 2): held at 4 while the 4 recorded at
        // T0 is inside the window (the window excludes its own edge, as the controller's does).
        for (int i = 1; i <= 19; i++) {
            Instant t = T0.plusSeconds(15L * i);
            HpaController.Decision d = hpa.sync(t, 4, warm(4, 100, t));
            assertEquals(2, d.recommended());
            assertEquals(4, d.desired(), "held by the window at +" + (15 * i) + " s");
            assertTrue(d.reason().contains("stabilisation"), d.reason());
        }
        // At +300 s the 4 has left the window: 2 wanted, one pod per 60 s allows 3.
        Instant t300 = T0.plusSeconds(300);
        HpaController.Decision down = hpa.sync(t300, 4, warm(4, 100, t300));
        assertEquals(3, down.desired());
        assertTrue(down.reason().contains("scale-down policies"), down.reason());
        // 15 s later the period still counts that removal: 3 stays.
        Instant t315 = T0.plusSeconds(315);
        assertEquals(3, hpa.sync(t315, 3, warm(3, 100, t315)).desired());
        // Once the period has passed, another pod may go: 2, which is also minReplicas.
        Instant t360 = T0.plusSeconds(360);
        assertEquals(2, hpa.sync(t360, 3, warm(3, 100, t360)).desired());
    }

    @Test
    void newPodsCpuIsIgnoredDuringInitialisationAndCountsAsZeroOnAScaleUp() {
        HpaController hpa = controller("", 2, 6);
        List<HpaController.Pod> pods = warm(2, 700, T0);
        // Started 20 s ago, ready for 5 s, its metric window ended before one window had passed since it turned ready:
        // its (high, start-up) CPU is set aside.
        pods.add(new HpaController.Pod(
                "new",
                T0.minusSeconds(20),
                true,
                T0.minusSeconds(5),
                Optional.of(1500.0),
                T0,
                WINDOW,
                REQUEST,
                false,
                false));
        // Ready pods: 1400m of 1000m = 140 %, ratio 2.0 (a scale-up), so the new pod counts as 0:
        // 1400 / 1500 = 93 %, ratio 1.333 -> ceil(1.333 x 3) = 4.
        HpaController.Decision d = hpa.sync(T0, 3, pods);
        assertEquals(140, d.utilizationPercent());
        assertEquals(4, d.recommended());
        assertEquals(4, d.desired());
    }

    @Test
    void notYetReadyPodsAtZeroCanCancelTheScaleUpTheirPeersAskFor() {
        // Ready: 2 pods at 420m, 84 %, ratio 1.2 (a scale-up). Two new pods count as 0: 840 / 2000 = 42 %, ratio 0.6,
        // the other way: the controller keeps 4 (counting the ready pods alone would have said ceil(1.2 x 2) = 3).
        HpaController hpa = controller("", 2, 6);
        List<HpaController.Pod> pods = warm(2, 420, T0);
        for (String name : List.of("new-1", "new-2")) {
            pods.add(new HpaController.Pod(
                    name,
                    T0.minusSeconds(10),
                    false,
                    T0.minusSeconds(10),
                    Optional.of(900.0),
                    T0,
                    WINDOW,
                    REQUEST,
                    false,
                    false));
        }
        HpaController.Decision d = hpa.sync(T0, 4, pods);
        assertEquals(84, d.utilizationPercent());
        assertEquals(4, d.recommended());
        assertEquals(4, d.desired());
    }

    @Test
    void scaleUpStabilisationTakesTheLowestRecommendationInItsWindow() {
        HpaController hpa = controller("""
                behavior:
                  scaleUp:
                    stabilizationWindowSeconds: 60
                """, 2, 8);
        // T0: 2 pods at 140 % -> 4. +15 s: 4 pods at 140 % -> 8, but 4 was recommended within 60 s: 4.
        assertEquals(4, hpa.sync(T0, 2, warm(2, 700, T0)).desired());
        Instant t15 = T0.plusSeconds(15);
        HpaController.Decision d = hpa.sync(t15, 4, warm(4, 700, t15));
        assertEquals(8, d.recommended());
        assertEquals(4, d.desired());
        assertTrue(d.reason().contains("scale-up stabilisation"), d.reason());
    }

    @Test
    void aPendingPodDoesNotHoldBackAScaleDownNorCountsInIt() {
        // 2 ready pods at 100m (20 %, ratio 0.286 -> ceil(0.57) = 1) and a pending one: not counted on a scale-down.
        HpaController hpa = controller("", 1, 6);
        List<HpaController.Pod> pods = warm(2, 100, T0);
        pods.add(new HpaController.Pod(
                "pending", null, false, null, Optional.empty(), T0, WINDOW, REQUEST, true, false));
        HpaController.Decision d = hpa.sync(T0, 3, pods);
        assertEquals(1, d.recommended());
    }

    @Test
    void missingMetricsCountAsTheTargetOnAScaleDownWhichCanCancelIt() {
        // 2 pods at 175m (35 %, ratio 0.5), one without a metric: it counts as 100 % of its request on a scale-down:
        // (175 + 175 + 500) / 1500 = 56 %, ratio 0.8 -> ceil(0.8 x 3) = 3: no change.
        HpaController hpa = controller("", 1, 6);
        List<HpaController.Pod> pods = warm(2, 175, T0);
        pods.add(new HpaController.Pod(
                "unmeasured",
                T0.minus(Duration.ofMinutes(10)),
                true,
                T0.minus(Duration.ofMinutes(9)),
                Optional.empty(),
                T0,
                WINDOW,
                REQUEST,
                false,
                false));
        HpaController.Decision d = hpa.sync(T0, 3, pods);
        assertEquals(35, d.utilizationPercent());
        assertEquals(3, d.recommended());
        assertEquals(3, d.desired());
    }

    @Test
    void podsWithoutAMetricDropOutWhenTheOthersAreExactlyOnTarget() {
        // 1 pod at 350m (70 %, ratio exactly 1.0), a new one not yet measured: the controller sets the missing pod no
        // value at a ratio of 1 (neither a scale-up nor a scale-down fallback), so only the measured pod counts:
        // 70 % of 70 %, within the tolerance -> the current 2.
        HpaController hpa = controller("", 1, 3);
        List<HpaController.Pod> pods = warm(1, 350, T0);
        pods.add(new HpaController.Pod(
                "new", T0.minusSeconds(20), false, null, Optional.empty(), T0, WINDOW, REQUEST, false, false));
        HpaController.Decision d = hpa.sync(T0, 2, pods);
        assertEquals(70, d.utilizationPercent());
        assertEquals(2, d.recommended());
    }

    @Test
    void terminatingPodsAreLeftOut() {
        // A terminating pod at 0m would drag the average down; without it: 2 pods at 140 % -> 4.
        HpaController hpa = controller("", 2, 6);
        List<HpaController.Pod> pods = warm(2, 700, T0);
        pods.add(new HpaController.Pod(
                "leaving",
                T0.minus(Duration.ofMinutes(10)),
                false,
                T0.minusSeconds(3),
                Optional.of(0.0),
                T0,
                WINDOW,
                REQUEST,
                false,
                true));
        assertEquals(4, hpa.sync(T0, 3, pods).recommended());
    }

    @Test
    void readsTheProjectsOwnAutoscaler() throws Exception {
        Path hpa = Path.of("../../deploy-k8s/kustomize/base/hpa.yaml");
        HpaController controller = new HpaController(
                KubernetesManifests.parse(Files.readString(hpa))
                        .one(HorizontalPodAutoscaler.class, "twinstack")
                        .getSpec(),
                HpaController.Settings.DEFAULTS);
        assertEquals(2, controller.minReplicas());
        assertEquals(6, controller.maxReplicas());
        assertEquals(70, controller.targetUtilization());
    }

    @Test
    void refusesAnAutoscalerItDoesNotModel() {
        String yaml = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: twinstack}
                spec:
                  maxReplicas: 3
                  metrics:
                    - type: Resource
                      resource: {name: memory, target: {type: Utilization, averageUtilization: 80}}
                """;
        HorizontalPodAutoscalerSpec memory = KubernetesManifests.parse(yaml)
                .one(HorizontalPodAutoscaler.class, "twinstack")
                .getSpec();
        assertThrows(IllegalArgumentException.class, () -> new HpaController(memory, HpaController.Settings.DEFAULTS));
    }
}
