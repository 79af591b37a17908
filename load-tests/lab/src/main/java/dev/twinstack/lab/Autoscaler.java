package dev.twinstack.lab;

import dev.twinstack.results.Autoscaling;
import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.ProcessCpu;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The HorizontalPodAutoscaler of the Kubernetes target, run as a cluster runs it: a metrics pipeline that measures
 * each pod's CPU over a window (as metrics-server does from the kubelet: the rate between two scrapes of the
 * container's cumulative CPU, {@link #METRIC_RESOLUTION} apart), and the controller's sync loop, every sync period,
 * feeding those metrics with each pod's start and readiness to {@link HpaController} and setting the replica count it
 * decides. The replicas over time and every decision are kept for results.json.
 */
final class Autoscaler implements AutoCloseable {

    /** metrics-server's default {@code --metric-resolution}: each pod's usage is its rate over this window. */
    static final Duration METRIC_RESOLUTION = Duration.ofSeconds(15);

    /** How often the replica count is sampled for the timeline. */
    private static final Duration TIMELINE_INTERVAL = Duration.ofSeconds(1);

    /** A pod of the scale target as the metrics pipeline and the controller read it. */
    record PodState(
            String name,
            long pid,
            Instant started,
            boolean ready,
            Optional<Instant> readyChanged,
            boolean inRotation,
            boolean terminating) {}

    /** What the controller scales: a Deployment's replica count and its pods. */
    interface Scaled {

        /** The Deployment's replica count (its spec: the pods it keeps, terminating ones not counted). */
        int replicas();

        /** Its pods now, terminating ones included while their process runs. */
        List<PodState> pods();

        /** Sets the replica count: pods started or terminated to reach it. */
        void scaleTo(int replicas, String why);
    }

    /** The HPA to follow, where it was read from, and the pod's CPU request its utilization is measured against. */
    record Spec(String source, HpaController controller, int cpuRequestMillis) {}

    private record Sample(long epochMs, int replicas, int ready, int inRotation) {}

    private record Decided(long epochMs, HpaController.Decision decision, String reason) {}

    private record Scrape(long pid, Instant at, double cpuSeconds) {}

    private final Spec spec;
    private final Scaled scaled;
    private final ToDoubleFunction<Long> cpuSeconds;
    private final Map<String, Scrape> previous = new HashMap<>();
    private final Map<String, Metric> metrics = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Decided> decisions = new ArrayList<>();
    private final ScheduledExecutorService loop = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "hpa");
        thread.setDaemon(true);
        return thread;
    });

    private record Metric(double millis, Instant at, Duration window) {}

    Autoscaler(Spec spec, Scaled scaled) {
        this(spec, scaled, pid -> ProcessCpu.treeSeconds(pid));
    }

    /** With {@code cpuSeconds} a process's cumulative CPU-seconds by pid (the kubelet's cAdvisor reading). */
    Autoscaler(Spec spec, Scaled scaled, ToDoubleFunction<Long> cpuSeconds) {
        this.spec = spec;
        this.scaled = scaled;
        this.cpuSeconds = cpuSeconds;
    }

    /**
     * Starts the pipeline and the controller: the HPA is created now, with the Deployment's current count as its first
     * recommendation; the first sync comes one sync period later.
     */
    void start() {
        begin(Instant.now());
        long resolution = METRIC_RESOLUTION.toMillis();
        long sync = spec.controller().settings().syncPeriod().toMillis();
        loop.scheduleAtFixedRate(this::scrapeNow, resolution, resolution, TimeUnit.MILLISECONDS);
        // A hair after the scrape of the same moment, so a sync reads the newest window.
        loop.scheduleAtFixedRate(this::syncNow, sync + 50, sync, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::sampleNow, 0, TIMELINE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The HPA created at {@code now}, and the pods' first scrape. */
    synchronized void begin(Instant now) {
        spec.controller().created(now, scaled.replicas());
        scrape(now);
    }

    private void scrapeNow() {
        try {
            synchronized (this) {
                scrape(Instant.now());
            }
        } catch (RuntimeException e) {
            System.err.println("[lab] metrics scrape failed: " + e);
        }
    }

    private void syncNow() {
        try {
            sync(Instant.now());
        } catch (RuntimeException e) {
            System.err.println("[lab] HPA sync failed: " + e);
        }
    }

    private void sampleNow() {
        List<PodState> pods = scaled.pods();
        synchronized (this) {
            samples.add(new Sample(
                    System.currentTimeMillis(),
                    pods.size(),
                    (int) pods.stream()
                            .filter(p -> p.ready() && !p.terminating())
                            .count(),
                    (int) pods.stream().filter(PodState::inRotation).count()));
        }
    }

    /** One scrape: each running pod's CPU since its previous scrape, as a rate over that window. */
    void scrape(Instant now) {
        for (PodState pod : scaled.pods()) {
            if (pod.terminating()) {
                continue;
            }
            double seconds = cpuSeconds.applyAsDouble(pod.pid());
            Scrape before = previous.get(pod.name());
            if (before != null && before.pid() == pod.pid()) {
                Duration window = Duration.between(before.at(), now);
                if (!window.isZero() && !window.isNegative()) {
                    double millis = Math.max(0, seconds - before.cpuSeconds()) * 1000 * 1000 / window.toMillis();
                    metrics.put(pod.name(), new Metric(millis, now, window));
                }
            } else {
                // A new container (or one started again) has no window yet: no metric until the next scrape.
                metrics.remove(pod.name());
            }
            previous.put(pod.name(), new Scrape(pod.pid(), now, seconds));
        }
    }

    /** One sync of the controller at {@code now}: its decision, applied. */
    HpaController.Decision sync(Instant now) {
        HpaController.Decision decision;
        String reason;
        synchronized (this) {
            List<HpaController.Pod> pods = new ArrayList<>();
            for (PodState pod : scaled.pods()) {
                Metric metric = metrics.get(pod.name());
                pods.add(new HpaController.Pod(
                        pod.name(),
                        pod.started(),
                        pod.ready(),
                        pod.readyChanged().orElse(null),
                        metric == null ? Optional.empty() : Optional.of(metric.millis()),
                        metric == null ? now : metric.at(),
                        metric == null ? METRIC_RESOLUTION : metric.window(),
                        spec.cpuRequestMillis(),
                        false,
                        pod.terminating()));
            }
            decision = spec.controller().sync(now, scaled.replicas(), pods);
            reason = explain(decision);
            decisions.add(new Decided(now.toEpochMilli(), decision, reason));
        }
        if (decision.scaled()) {
            scaled.scaleTo(decision.desired(), reason);
        }
        return decision;
    }

    /** A decision in a line: the utilization against the target, the outcome, the controller's reason. */
    String explain(HpaController.Decision d) {
        String measured = d.utilizationPercent() < 0
                ? "no CPU metric yet"
                : "utilization %d %% of the CPU request, target %d %%"
                        .formatted(d.utilizationPercent(), spec.controller().targetUtilization());
        String outcome = d.scaled()
                ? "%s from %d to %d"
                        .formatted(d.desired() > d.current() ? "scale out" : "scale in", d.current(), d.desired())
                : "no change (" + d.current() + ")";
        return measured + ": " + outcome + "; " + d.reason();
    }

    /** Stops the loop; what it recorded stays. */
    @Override
    public void close() {
        loop.shutdownNow();
    }

    /** The record of the run: times in seconds since {@code loadStartEpochMs}. */
    synchronized Autoscaling record(long loadStartEpochMs) {
        HpaController controller = spec.controller();
        return new Autoscaling(
                spec.source(),
                controller.minReplicas(),
                controller.maxReplicas(),
                controller.targetUtilization(),
                spec.cpuRequestMillis(),
                (int) controller.settings().syncPeriod().toSeconds(),
                controller.describe() + "; each pod's CPU as metrics-server gives it (its rate over "
                        + Durations.format(METRIC_RESOLUTION) + ")",
                samples.stream()
                        .map(s -> new Autoscaling.ReplicaSample(
                                seconds(s.epochMs(), loadStartEpochMs), s.replicas(), s.ready(), s.inRotation()))
                        .toList(),
                decisions.stream()
                        .map(d -> new Autoscaling.HpaDecision(
                                seconds(d.epochMs(), loadStartEpochMs),
                                d.decision().current(),
                                d.decision().utilizationPercent() < 0
                                        ? Optional.empty()
                                        : Optional.of(d.decision().utilizationPercent()),
                                d.decision().recommended(),
                                d.decision().desired(),
                                d.reason()))
                        .toList(),
                noScaleOut());
    }

    private static double seconds(long epochMs, long loadStartEpochMs) {
        return Math.round((epochMs - loadStartEpochMs) / 100.0) / 10.0;
    }

    /** Why no replica was added, when none was: read off the decisions. */
    Optional<String> noScaleOut() {
        if (decisions.stream()
                .anyMatch(d -> d.decision().desired() > d.decision().current())) {
            return Optional.empty();
        }
        HpaController controller = spec.controller();
        int target = controller.targetUtilization();
        long threshold = Math.round(target * (1 + controller.settings().tolerance()));
        if (decisions.isEmpty()) {
            return Optional.of("the HorizontalPodAutoscaler made no sync while the target ran (one every "
                    + Durations.format(controller.settings().syncPeriod()) + ")");
        }
        Optional<Decided> wanted = decisions.stream()
                .filter(d -> d.decision().recommended() > d.decision().current())
                .reduce((a, b) -> b);
        if (wanted.isPresent()) {
            return Optional.of("the HorizontalPodAutoscaler wanted "
                    + wanted.get().decision().recommended() + " replicas but added none: "
                    + wanted.get().decision().reason());
        }
        int peak = decisions.stream()
                .mapToInt(d -> d.decision().utilizationPercent())
                .max()
                .orElse(-1);
        if (peak < 0) {
            return Optional.of("no pod had a CPU metric at any sync (metrics-server needs two scrapes, "
                    + Durations.format(METRIC_RESOLUTION) + " apart)");
        }
        return Optional.of(("the pods used at most %d %% of their CPU request (%d millicores each) at a sync; the"
                        + " HorizontalPodAutoscaler's target is %d %%, and it adds a replica only from about %d %% (more"
                        + " than its tolerance of %d %% above the target), so it had no reason to; lab.profile=scale-out"
                        + " loads the replicas past it (the lab's README, Autoscaling).")
                .formatted(
                        peak,
                        spec.cpuRequestMillis(),
                        target,
                        threshold,
                        Math.round(controller.settings().tolerance() * 100)));
    }
}
