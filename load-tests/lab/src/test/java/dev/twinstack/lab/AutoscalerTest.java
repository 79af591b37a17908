package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Autoscaling;
import dev.twinstack.toolkit.KubernetesManifests;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler's metrics pipeline and sync loop on a Deployment of fake pods whose cumulative CPU the test sets: the
 * rate between two scrapes is each pod's metric, a sync's decision is applied to the Deployment, and the record says
 * what happened and, when nothing was added, why.
 */
class AutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    /** The local overlay's HPA: 1 to 3 replicas, 70 % of the pod's request, scale-down 1 pod per 60 s after 300 s. */
    private static final String HPA = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: twinstack
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: twinstack}
              minReplicas: 1
              maxReplicas: 3
              metrics:
                - type: Resource
                  resource:
                    name: cpu
                    target: {type: Utilization, averageUtilization: 70}
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 300
                  policies:
                    - {type: Pods, value: 1, periodSeconds: 60}
            """;

    private static final int REQUEST_MILLIS = 550;

    /** A Deployment whose pods the test starts, readies and loads. */
    private static final class FakeDeployment implements Autoscaler.Scaled {
        int replicas;
        final List<Autoscaler.PodState> pods = new ArrayList<>();
        final Map<Long, Double> cpuSeconds = new HashMap<>();
        final List<Integer> scaledTo = new ArrayList<>();

        FakeDeployment(int replicas, Instant now) {
            this.replicas = replicas;
            for (int i = 0; i < replicas; i++) {
                pods.add(readyPod(i, now.minus(Duration.ofMinutes(10))));
            }
        }

        Autoscaler.PodState readyPod(int i, Instant started) {
            cpuSeconds.put(100L + i, 0.0);
            return new Autoscaler.PodState(
                    "replica " + i, 100L + i, started, true, Optional.of(started.plusSeconds(5)), true, false);
        }

        /** Each pod uses {@code millis} of CPU for {@code seconds}. */
        void use(double millis, long seconds) {
            pods.forEach(p -> cpuSeconds.merge(p.pid(), millis / 1000 * seconds, Double::sum));
        }

        @Override
        public int replicas() {
            return replicas;
        }

        @Override
        public List<Autoscaler.PodState> pods() {
            return List.copyOf(pods);
        }

        @Override
        public void scaleTo(int count, String why) {
            scaledTo.add(count);
            replicas = count;
        }
    }

    private static Autoscaler autoscaler(FakeDeployment deployment) {
        HpaController controller = new HpaController(
                KubernetesManifests.parse(HPA)
                        .one(HorizontalPodAutoscaler.class, "twinstack")
                        .getSpec(),
                HpaController.Settings.DEFAULTS);
        return new Autoscaler(
                new Autoscaler.Spec("overlays/local", controller, REQUEST_MILLIS),
                deployment,
                pid -> deployment.cpuSeconds.getOrDefault(pid, 0.0));
    }

    @Test
    void addsReplicasWhenThePodsRunPastTheTarget() {
        // given one replica using 1,100 millicores of its 550 requested: 200 %
        FakeDeployment deployment = new FakeDeployment(1, T0);
        Autoscaler autoscaler = autoscaler(deployment);
        autoscaler.begin(T0);
        deployment.use(1100, 15);
        autoscaler.scrape(T0.plusSeconds(15));

        // when the controller syncs
        HpaController.Decision decision = autoscaler.sync(T0.plusSeconds(15));

        // then 200 / 70 = 2.86 -> ceil(2.86 x 1) = 3, within the default scale-up (max of +100 % and +4 pods) and max 3
        assertEquals(200, decision.utilizationPercent());
        assertEquals(3, decision.desired());
        assertEquals(List.of(3), deployment.scaledTo);
        assertTrue(
                autoscaler
                        .explain(decision)
                        .startsWith("utilization 200 % of the CPU request, target 70 %: scale out from 1 to 3"),
                autoscaler.explain(decision));
        assertTrue(autoscaler.noScaleOut().isEmpty());
    }

    @Test
    void aPodHasNoMetricUntilItsSecondScrape() {
        // given a replica scraped once only
        FakeDeployment deployment = new FakeDeployment(1, T0);
        Autoscaler autoscaler = autoscaler(deployment);
        autoscaler.begin(T0);
        deployment.use(1100, 15);

        // when the controller syncs before the second scrape
        HpaController.Decision decision = autoscaler.sync(T0.plusSeconds(15));

        // then there is no metric to act on
        assertEquals(-1, decision.utilizationPercent());
        assertFalse(decision.scaled());
        assertTrue(deployment.scaledTo.isEmpty());
    }

    @Test
    void keepsThePreWarmedReplicasAtAFewPercentAndSaysWhy() {
        // given two replicas at 24 millicores each (4 % of 550), as the steady profile loads them
        FakeDeployment deployment = new FakeDeployment(2, T0);
        Autoscaler autoscaler = autoscaler(deployment);
        autoscaler.begin(T0);
        for (int sync = 1; sync <= 4; sync++) {
            deployment.use(24, 15);
            autoscaler.scrape(T0.plusSeconds(15L * sync));
            autoscaler.sync(T0.plusSeconds(15L * sync));
        }

        // then ceil(4 / 70 x 2) = 1 is recommended, held by the 300 s scale-down window from the HPA's creation
        Autoscaling record = autoscaler.record(T0.toEpochMilli());
        assertTrue(deployment.scaledTo.isEmpty());
        assertEquals(4, record.decisions().size());
        assertEquals(Optional.of(4), record.decisions().get(3).utilizationPercent());
        assertEquals(1, record.decisions().get(3).recommended());
        assertEquals(2, record.decisions().get(3).desired());
        assertEquals(60.0, record.decisions().get(3).t());
        assertTrue(
                record.decisions().get(3).reason().contains("held by the scale-down stabilisation window"),
                record.decisions().get(3).reason());
        String why = record.noScaleOut().orElseThrow();
        assertTrue(why.startsWith("the pods used at most 4 % of their CPU request (550 millicores each)"), why);
        assertTrue(why.contains("only from about 77 %"), why);
    }

    @Test
    void scalesInOnePodAMinuteOnceTheWindowHasPassed() {
        // given three idle replicas
        FakeDeployment deployment = new FakeDeployment(3, T0);
        Autoscaler autoscaler = autoscaler(deployment);
        autoscaler.begin(T0);

        // when the controller syncs every 15 s for 6 minutes
        for (int sync = 1; sync <= 24; sync++) {
            deployment.use(5, 15);
            autoscaler.scrape(T0.plusSeconds(15L * sync));
            autoscaler.sync(T0.plusSeconds(15L * sync));
        }

        // then nothing before the 300 s window from the creation has passed, then one pod, and another 60 s later
        assertEquals(List.of(2, 1), deployment.scaledTo);
    }
}
