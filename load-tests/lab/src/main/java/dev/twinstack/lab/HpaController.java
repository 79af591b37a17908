package dev.twinstack.lab;

import dev.twinstack.toolkit.Durations;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntBinaryOperator;

/**
 * The HorizontalPodAutoscaler controller's arithmetic for one {@code autoscaling/v2} HPA on CPU utilization, as
 * kube-controller-manager runs it once per sync period: the pods' CPU against their CPU request, with the documented
 * tolerance, the handling of not-yet-ready pods and missing metrics, the behavior section's stabilisation windows and
 * scaling policies, and the min/max bounds. The rules are the ones the Kubernetes documentation states
 * (https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/, "Algorithm details",
 * "Configurable scaling behavior", "Default Behavior"); where the documentation leaves a detail open (integer
 * utilization, the fallback for missing metrics on a scale-down), the controller's behaviour is followed and named at
 * the place it matters.
 *
 * <p>Not thread-safe: one instance per modelled HPA, called from one loop.
 */
final class HpaController {

    /** kube-controller-manager's settings that shape the arithmetic; {@link #DEFAULTS} are its defaults. */
    record Settings(
            Duration syncPeriod,
            double tolerance,
            Duration cpuInitializationPeriod,
            Duration initialReadinessDelay,
            Duration downscaleStabilization) {

        /**
         * {@code --horizontal-pod-autoscaler-sync-period} 15 s, {@code -tolerance} 0.1,
         * {@code -cpu-initialization-period} 5 min, {@code -initial-readiness-delay} 30 s,
         * {@code -downscale-stabilization} 5 min.
         */
        static final Settings DEFAULTS = new Settings(
                Duration.ofSeconds(15), 0.1, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /**
     * One pod of the scale target as the controller sees it at a sync.
     *
     * @param started the pod's start time
     * @param ready its Ready condition now
     * @param readyChanged when the Ready condition last changed (null: the pod has no Ready condition yet)
     * @param cpuMillis its CPU usage in millicores over the metric window, empty when the metrics API has none yet
     * @param metricAt the end of the metric's window
     * @param metricWindow the metric's window (the metrics pipeline's resolution)
     * @param requestMillis the pod's CPU request in millicores
     * @param pending not yet running (scheduled, pulling, starting): counted as not ready
     * @param terminating being deleted: left out entirely
     */
    record Pod(
            String name,
            Instant started,
            boolean ready,
            Instant readyChanged,
            Optional<Double> cpuMillis,
            Instant metricAt,
            Duration metricWindow,
            double requestMillis,
            boolean pending,
            boolean terminating) {

        Pod {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(cpuMillis, "cpuMillis");
        }
    }

    /**
     * One sync's outcome.
     *
     * @param utilizationPercent the average utilization the HPA's status reports (ready pods with metrics only), or -1
     *     when no pod had a metric
     * @param recommended the replica count the metric asks for, before stabilisation, policies and bounds
     * @param desired what the controller sets the scale target to
     * @param reason why desired is what it is, in the controller's terms
     */
    record Decision(Instant at, int current, int utilizationPercent, int recommended, int desired, String reason) {

        boolean scaled() {
            return desired != current;
        }
    }

    private record Recommendation(Instant at, int replicas) {}

    private record ScaleEvent(Instant at, int change) {}

    private final int minReplicas;
    private final int maxReplicas;
    private final int targetUtilization;
    private final HPAScalingRules scaleUp;
    private final HPAScalingRules scaleDown;
    private final Settings settings;
    private final Deque<Recommendation> recommendations = new ArrayDeque<>();
    private final List<ScaleEvent> scaleUps = new ArrayList<>();
    private final List<ScaleEvent> scaleDowns = new ArrayList<>();

    HpaController(HorizontalPodAutoscalerSpec spec, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.minReplicas = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
        this.maxReplicas = Objects.requireNonNull(spec.getMaxReplicas(), "spec.maxReplicas");
        this.targetUtilization = cpuTarget(spec.getMetrics());
        HorizontalPodAutoscalerBehavior behavior = spec.getBehavior();
        this.scaleUp = withDefaults(behavior == null ? null : behavior.getScaleUp(), defaultScaleUp());
        this.scaleDown = withDefaults(behavior == null ? null : behavior.getScaleDown(), defaultScaleDown((int)
                settings.downscaleStabilization().toSeconds()));
    }

    int minReplicas() {
        return minReplicas;
    }

    int maxReplicas() {
        return maxReplicas;
    }

    int targetUtilization() {
        return targetUtilization;
    }

    Settings settings() {
        return settings;
    }

    private static int cpuTarget(List<MetricSpec> metrics) {
        if (metrics == null
                || metrics.size() != 1
                || !"Resource".equals(metrics.get(0).getType())
                || !"cpu".equals(metrics.get(0).getResource().getName())
                || !"Utilization"
                        .equals(metrics.get(0).getResource().getTarget().getType())) {
            throw new IllegalArgumentException(
                    "the lab models an HPA with one metric, the CPU's average utilization; this one has " + metrics);
        }
        return metrics.get(0).getResource().getTarget().getAverageUtilization();
    }

    /** The API's default scale-up: no stabilisation, the larger of doubling and four pods per 15 s. */
    private static HPAScalingRules defaultScaleUp() {
        return rules(0, "Max", policy("Percent", 100, 15), policy("Pods", 4, 15));
    }

    /** The API's default scale-down: the controller's downscale stabilisation, up to all pods per 15 s. */
    private static HPAScalingRules defaultScaleDown(int stabilizationSeconds) {
        return rules(stabilizationSeconds, "Max", policy("Percent", 100, 15));
    }

    /** What the API server fills in for the fields a behavior section leaves out. */
    private static HPAScalingRules withDefaults(HPAScalingRules given, HPAScalingRules defaults) {
        if (given == null) {
            return defaults;
        }
        return rules(
                given.getStabilizationWindowSeconds() == null
                        ? defaults.getStabilizationWindowSeconds()
                        : given.getStabilizationWindowSeconds(),
                given.getSelectPolicy() == null ? defaults.getSelectPolicy() : given.getSelectPolicy(),
                (given.getPolicies() == null || given.getPolicies().isEmpty()
                                ? defaults.getPolicies()
                                : given.getPolicies())
                        .toArray(HPAScalingPolicy[]::new));
    }

    private static HPAScalingRules rules(int stabilizationSeconds, String select, HPAScalingPolicy... policies) {
        HPAScalingRules rules = new HPAScalingRules();
        rules.setStabilizationWindowSeconds(stabilizationSeconds);
        rules.setSelectPolicy(select);
        rules.setPolicies(List.of(policies));
        return rules;
    }

    private static HPAScalingPolicy policy(String type, int value, int periodSeconds) {
        return new HPAScalingPolicy(periodSeconds, type, value);
    }

    /**
     * The HPA seen for the first time (created, or the controller started): the current count is its first
     * recommendation, as kube-controller-manager records it ({@code recordInitialRecommendation}), so a scale-down
     * waits for the stabilisation window from here.
     */
    void created(Instant now, int current) {
        if (recommendations.isEmpty()) {
            recommendations.addLast(new Recommendation(now, current));
        }
    }

    /** The controller's settings and the behavior's rules in one line, as the page shows them. */
    String describe() {
        return "sync every %s, tolerance %d %%, CPU initialisation period %s, initial readiness delay %s; scale-up: %s;"
                        .formatted(
                                Durations.format(settings.syncPeriod()),
                                Math.round(settings.tolerance() * 100),
                                Durations.format(settings.cpuInitializationPeriod()),
                                Durations.format(settings.initialReadinessDelay()),
                                describe(scaleUp))
                + " scale-down: " + describe(scaleDown);
    }

    private static String describe(HPAScalingRules rules) {
        if ("Disabled".equals(rules.getSelectPolicy())) {
            return "disabled";
        }
        return "stabilisation window %d s, %s of %s"
                .formatted(
                        rules.getStabilizationWindowSeconds(),
                        rules.getSelectPolicy().toLowerCase(java.util.Locale.ROOT),
                        rules.getPolicies().stream()
                                .map(p -> ("Pods".equals(p.getType())
                                                ? p.getValue() + (p.getValue() == 1 ? " pod" : " pods")
                                                : p.getValue() + " %")
                                        + " per " + p.getPeriodSeconds() + " s")
                                .collect(java.util.stream.Collectors.joining(", ")));
    }

    /** One sync at {@code now}, with {@code current} the scale target's replica count and its pods as they are. */
    Decision sync(Instant now, int current, List<Pod> pods) {
        if (current == 0) {
            return new Decision(now, 0, -1, 0, 0, "scaling is disabled while the target has 0 replicas");
        }
        if (current > maxReplicas || current < minReplicas) {
            int bounded = Math.max(minReplicas, Math.min(maxReplicas, current));
            record(now, current, bounded);
            return new Decision(now, current, -1, bounded, bounded, "the current count is outside min/max");
        }
        Metric metric = recommend(now, current, pods);
        int stabilized = stabilize(now, current, metric.replicas());
        Bounded bounded = limit(now, current, stabilized);
        String reason = metric.reason();
        if (bounded.reason() != null) {
            reason = bounded.reason();
        } else if (stabilized != metric.replicas()) {
            reason = "held by the " + (metric.replicas() < current ? "scale-down" : "scale-up")
                    + " stabilisation window (" + metric.replicas() + " recommended)";
        }
        record(now, current, bounded.replicas());
        return new Decision(now, current, metric.utilization(), metric.replicas(), bounded.replicas(), reason);
    }

    private record Metric(int replicas, int utilization, String reason) {}

    private record Bounded(int replicas, String reason) {}

    /** The replica calculator: the metric's recommendation for this sync. */
    private Metric recommend(Instant now, int current, List<Pod> pods) {
        List<Pod> ready = new ArrayList<>();
        List<Pod> unready = new ArrayList<>();
        List<Pod> missing = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.terminating()) {
                continue;
            }
            if (pod.pending()) {
                unready.add(pod);
            } else if (pod.cpuMillis().isEmpty()) {
                missing.add(pod);
            } else if (notYetReady(now, pod)) {
                unready.add(pod);
            } else {
                ready.add(pod);
            }
        }
        if (ready.isEmpty()) {
            return new Metric(current, -1, "no ready pod has a CPU metric yet");
        }
        int utilization = utilization(ready, List.of(), 0);
        double ratio = (double) utilization / targetUtilization;
        boolean scaleUpWithUnready = !unready.isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && missing.isEmpty()) {
            if (Math.abs(1.0 - ratio) <= settings.tolerance()) {
                return new Metric(current, utilization, "within the tolerance of the target");
            }
            return new Metric((int) Math.ceil(ratio * ready.size()), utilization, "utilization against the target");
        }
        // Pods set aside count conservatively: missing metrics as 0 % on a scale-up and as the target (at least the
        // request) on a scale-down; not-yet-ready pods as 0 % on a scale-up and not at all on a scale-down.
        // At a ratio of exactly 1 the controller gives the pods without a metric no value, so they drop out.
        List<Pod> counted = new ArrayList<>(ratio == 1.0 ? List.of() : missing);
        double fallback = ratio < 1.0 ? Math.max(100, targetUtilization) / 100.0 : 0.0;
        if (scaleUpWithUnready) {
            counted.addAll(unready);
        }
        int rebalanced = utilization(ready, counted, fallback, missing);
        double newRatio = (double) rebalanced / targetUtilization;
        if (Math.abs(1.0 - newRatio) <= settings.tolerance()
                || (ratio < 1.0 && newRatio > 1.0)
                || (ratio > 1.0 && newRatio < 1.0)) {
            return new Metric(
                    current,
                    utilization,
                    "pods without a usable metric (" + counted.size() + ") would reverse or cancel the change");
        }
        int replicas = (int) Math.ceil(newRatio * (ready.size() + counted.size()));
        if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
            return new Metric(current, utilization, "the rebalanced recommendation points the other way");
        }
        return new Metric(replicas, utilization, "utilization against the target, with pods not yet measured");
    }

    /**
     * Whether a pod's CPU is set aside: within the CPU initialisation period, while it is unready or until one metric
     * window has passed since it turned ready; after it, only if it is unready and never was ready (its last change
     * came within the initial readiness delay of its start).
     */
    private boolean notYetReady(Instant now, Pod pod) {
        if (pod.readyChanged() == null || pod.started() == null) {
            return true;
        }
        if (pod.started().plus(settings.cpuInitializationPeriod()).isAfter(now)) {
            return !pod.ready() || pod.metricAt().isBefore(pod.readyChanged().plus(pod.metricWindow()));
        }
        return !pod.ready()
                && pod.started().plus(settings.initialReadinessDelay()).isAfter(pod.readyChanged());
    }

    private static int utilization(List<Pod> measured, List<Pod> assumed, double assumedShare) {
        return utilization(measured, assumed, assumedShare, assumed);
    }

    /**
     * Total usage over total request in whole percent, truncated, as the metrics client computes it. The pods in
     * {@code assumed} count with {@code assumedShare} of their request if they are among {@code withFallback}, else
     * with 0.
     */
    private static int utilization(List<Pod> measured, List<Pod> assumed, double assumedShare, List<Pod> withFallback) {
        double usage = 0;
        double requests = 0;
        for (Pod pod : measured) {
            usage += pod.cpuMillis().orElseThrow();
            requests += pod.requestMillis();
        }
        for (Pod pod : assumed) {
            usage += withFallback.contains(pod) ? pod.requestMillis() * assumedShare : 0;
            requests += pod.requestMillis();
        }
        return (int) Math.floor(usage * 100 / requests);
    }

    /**
     * The stabilisation windows: a scale-up goes no higher than the lowest recommendation within the scale-up window, a
     * scale-down no lower than the highest within the scale-down window.
     */
    private int stabilize(Instant now, int current, int recommended) {
        recommendations.addLast(new Recommendation(now, recommended));
        Instant upCutoff = now.minusSeconds(scaleUp.getStabilizationWindowSeconds());
        Instant downCutoff = now.minusSeconds(scaleDown.getStabilizationWindowSeconds());
        int up = recommended;
        int down = recommended;
        for (Recommendation r : recommendations) {
            if (r.at().isAfter(upCutoff)) {
                up = Math.min(up, r.replicas());
            }
            if (r.at().isAfter(downCutoff)) {
                down = Math.max(down, r.replicas());
            }
        }
        Instant oldest = upCutoff.isBefore(downCutoff) ? upCutoff : downCutoff;
        while (!recommendations.isEmpty() && !recommendations.peekFirst().at().isAfter(oldest)) {
            recommendations.removeFirst();
        }
        int stabilized = current;
        if (stabilized < up) {
            stabilized = up;
        }
        if (stabilized > down) {
            stabilized = down;
        }
        return stabilized;
    }

    /** The scaling policies and the min/max bounds. */
    private Bounded limit(Instant now, int current, int desired) {
        if (desired > current) {
            int policyLimit = Math.max(current, scaleUpLimit(now, current));
            int allowed = Math.min(maxReplicas, policyLimit);
            if (desired > allowed) {
                return new Bounded(
                        allowed,
                        allowed == maxReplicas
                                ? "at maxReplicas " + maxReplicas + " (" + desired + " wanted)"
                                : "limited by the scale-up policies to " + allowed + " (" + desired + " wanted)");
            }
        } else if (desired < current) {
            int policyLimit = Math.min(current, scaleDownLimit(now, current));
            int allowed = Math.max(minReplicas, policyLimit);
            if (desired < allowed) {
                return new Bounded(
                        allowed,
                        allowed == minReplicas
                                ? "at minReplicas " + minReplicas + " (" + desired + " wanted)"
                                : "limited by the scale-down policies to " + allowed + " (" + desired + " wanted)");
            }
        }
        if (desired < minReplicas) {
            return new Bounded(minReplicas, "at minReplicas " + minReplicas);
        }
        return new Bounded(desired, null);
    }

    private int scaleUpLimit(Instant now, int current) {
        if ("Disabled".equals(scaleUp.getSelectPolicy())) {
            return current;
        }
        boolean min = "Min".equals(scaleUp.getSelectPolicy());
        IntBinaryOperator select = min ? Math::min : Math::max;
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (HPAScalingPolicy p : scaleUp.getPolicies()) {
            int start = current - changedWithin(scaleUps, now, p) + changedWithin(scaleDowns, now, p);
            int proposed = "Pods".equals(p.getType())
                    ? start + p.getValue()
                    : (int) Math.ceil(start * (1 + p.getValue() / 100.0));
            result = select.applyAsInt(result, proposed);
        }
        return result;
    }

    private int scaleDownLimit(Instant now, int current) {
        if ("Disabled".equals(scaleDown.getSelectPolicy())) {
            return current;
        }
        // "Min" selects the policy that removes the fewest pods, i.e. the highest proposal.
        boolean min = "Min".equals(scaleDown.getSelectPolicy());
        IntBinaryOperator select = min ? Math::max : Math::min;
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (HPAScalingPolicy p : scaleDown.getPolicies()) {
            int start = current - changedWithin(scaleUps, now, p) + changedWithin(scaleDowns, now, p);
            int proposed =
                    "Pods".equals(p.getType()) ? start - p.getValue() : (int) (start * (1 - p.getValue() / 100.0));
            result = select.applyAsInt(result, proposed);
        }
        return result;
    }

    private static int changedWithin(List<ScaleEvent> events, Instant now, HPAScalingPolicy policy) {
        Instant cutoff = now.minusSeconds(policy.getPeriodSeconds());
        return events.stream()
                .filter(e -> e.at().isAfter(cutoff))
                .mapToInt(ScaleEvent::change)
                .sum();
    }

    private void record(Instant now, int current, int desired) {
        if (desired > current) {
            scaleUps.add(new ScaleEvent(now, desired - current));
        } else if (desired < current) {
            scaleDowns.add(new ScaleEvent(now, current - desired));
        }
    }
}
