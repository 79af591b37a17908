package dev.twinstack.results;

import java.util.Optional;

/**
 * What the platform itself says of a deployment the lab does not run, read after (or sampled during) its run; each
 * part present when the run was told what to read.
 *
 * @param lambda the function's REPORT figures and metrics (CloudWatch)
 * @param proxy the RDS Proxy's metrics (CloudWatch)
 * @param connections where the target's {@code connections} and {@code peakConnections} were sampled
 *     ({@code pg_stat_activity} through a read-only URL)
 * @param cluster the Deployment's replicas, pod starts and CPU (Kubernetes API)
 */
public record Collected(
        Optional<CollectedLambda> lambda,
        Optional<CollectedProxy> proxy,
        Optional<Source> connections,
        Optional<CollectedCluster> cluster) {}
