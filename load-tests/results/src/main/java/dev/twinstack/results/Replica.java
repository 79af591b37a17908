package dev.twinstack.results;

/**
 * One Kubernetes replica's start.
 *
 * @param replica its index, from 0
 * @param readyMs from the start of its group's processes (replicas start together, as a rollout's pods do) to ready
 * @param startedAtLoadSecond seconds into the load when it was started (0: before the load)
 */
public record Replica(int replica, long readyMs, int startedAtLoadSecond) {}
