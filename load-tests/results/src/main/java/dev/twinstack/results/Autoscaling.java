package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes target's HorizontalPodAutoscaler as the lab ran it: which HPA, with which controller settings, the
 * replica count over time and each sync's decision.
 *
 * @param hpa where the HPA was read from (the overlay rendered with kustomize, or the base file when kubectl was
 *     missing)
 * @param minReplicas its {@code minReplicas}
 * @param maxReplicas its {@code maxReplicas}
 * @param targetUtilization its CPU target, percent of the pod's CPU request
 * @param cpuRequestMillis the pod's CPU request in millicores (every container and native sidecar added up)
 * @param syncSeconds the controller's sync period
 * @param settings the controller's and the behavior's settings in one line (tolerance, CPU initialisation period,
 *     stabilisation windows, policies), with anything the run changed from the manifests said
 * @param timeline the replicas over time, sampled once a second
 * @param decisions every sync's decision, in order
 * @param noScaleOut why no replica was added, when none was
 */
public record Autoscaling(
        String hpa,
        int minReplicas,
        int maxReplicas,
        int targetUtilization,
        int cpuRequestMillis,
        int syncSeconds,
        String settings,
        List<ReplicaSample> timeline,
        List<HpaDecision> decisions,
        Optional<String> noScaleOut) {

    public Autoscaling {
        timeline = List.copyOf(timeline);
        decisions = List.copyOf(decisions);
    }

    /**
     * The replicas at one moment.
     *
     * @param t seconds since the load started
     * @param replicas pods the Deployment has (running, starting or terminating)
     * @param ready pods whose readiness probe passes
     * @param inRotation endpoints the front balances over
     */
    public record ReplicaSample(double t, int replicas, int ready, int inRotation) {}

    /**
     * One sync of the controller.
     *
     * @param t seconds since the load started
     * @param current the replica count it found
     * @param utilizationPercent the average CPU utilization of the pods it measured, absent when none had a metric
     * @param recommended what the metric asked for, before stabilisation, policies and bounds
     * @param desired what it set the replica count to
     * @param reason why, in the controller's terms
     */
    public record HpaDecision(
            double t, int current, Optional<Integer> utilizationPercent, int recommended, int desired, String reason) {}
}
