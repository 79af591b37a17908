package dev.twinstack.results;

/** Where a Kubernetes replica of the lab came from. */
public enum ReplicaOrigin {
    /** Started and ready before the load: its first request meets a warm process, not a pod start. */
    PREWARMED,
    /** Added under load by the HorizontalPodAutoscaler model: its first requests follow its real start. */
    AUTOSCALED
}
