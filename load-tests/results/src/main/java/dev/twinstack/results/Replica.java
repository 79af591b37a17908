package dev.twinstack.results;

import java.util.Optional;

/**
 * One Kubernetes replica's start.
 *
 * @param replica its index, from 0
 * @param readyMs from the start of its group's processes (replicas start together, as a rollout's pods do) to ready;
 *     for a replica the HorizontalPodAutoscaler added, from its pod's start to its first passing readiness probe
 * @param startedAtLoadSecond seconds into the load when it was started (0: before the load)
 * @param origin whether it was started before the load (pre-warmed) or added under load by the autoscaler; absent
 *     where the lab does not model autoscaling (a collected deployment) and for a pod a rolling restart started
 * @param inRotationMs from its pod's start to its joining the front's rotation (readiness plus the endpoint's
 *     propagation), absent when it never joined
 * @param coldRequestMs its first request's latency (the one it marked cold), as the front measured it from the request
 *     to the answer's end, absent when it served none
 * @param stoppedAtLoadSecond seconds into the load when the autoscaler removed it (terminated as the kubelet does),
 *     absent when it ran to the end
 */
public record Replica(
        int replica,
        long readyMs,
        int startedAtLoadSecond,
        Optional<ReplicaOrigin> origin,
        Optional<Long> inRotationMs,
        Optional<Long> coldRequestMs,
        Optional<Integer> stoppedAtLoadSecond) {

    /** A replica as a collected deployment or a run without autoscaling tells it. */
    public Replica(int replica, long readyMs, int startedAtLoadSecond) {
        this(
                replica,
                readyMs,
                startedAtLoadSecond,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** Added under load by the autoscaler. */
    public boolean autoscaled() {
        return origin.filter(o -> o == ReplicaOrigin.AUTOSCALED).isPresent();
    }
}
