package dev.twinstack.results;

/**
 * A deployment's replicas at one moment, from its status.
 *
 * @param t seconds since the collection window opened
 * @param replicas {@code status.replicas}
 * @param ready {@code status.readyReplicas}
 */
public record ReplicaCount(double t, int replicas, int ready) {}
