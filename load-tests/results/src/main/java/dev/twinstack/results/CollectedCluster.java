package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * A Deployment's figures over the run's window, read from the Kubernetes API.
 *
 * @param namespace the namespace
 * @param deployment the Deployment's name
 * @param source where they were read and how often the replicas were sampled
 * @param replicas the replica counts, sampled
 * @param pods the Deployment's pods at the end of the run, in start order
 * @param cpu the pods' CPU (millicores, summed), sampled from the metrics API; absent when it did not answer
 */
public record CollectedCluster(
        String namespace,
        String deployment,
        Source source,
        List<ReplicaCount> replicas,
        List<PodStart> pods,
        Optional<MetricSeries> cpu) {

    public CollectedCluster {
        replicas = List.copyOf(replicas);
        pods = List.copyOf(pods);
    }
}
