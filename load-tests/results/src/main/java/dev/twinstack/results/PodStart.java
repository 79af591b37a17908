package dev.twinstack.results;

import java.util.Optional;

/**
 * One pod of a deployment, as the Kubernetes API tells it after the run.
 *
 * @param pod its name
 * @param readyMs from the pod's start ({@code status.startTime}) to its Ready condition, absent when it is not ready
 * @param restarts its containers' restarts, added up
 * @param startedAtLoadSecond seconds into the collection window when it started (0: before it)
 */
public record PodStart(String pod, Optional<Long> readyMs, int restarts, int startedAtLoadSecond) {}
