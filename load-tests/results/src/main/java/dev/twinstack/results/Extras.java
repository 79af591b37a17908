package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * What only one kind of target can tell; each part is present on the targets that measure it.
 *
 * @param lambda the local Lambda service's invocation records and figures (the Lambda targets)
 * @param pgbouncer PgBouncer's pool, sampled (the target through the RDS Proxy stand-in)
 * @param replicas when each Kubernetes replica became ready (the Kubernetes target; a deployment the lab does not run
 *     when its cluster was collected)
 * @param collected what the platform says of a deployment the lab does not run (CloudWatch, Kubernetes API)
 * @param gateway the hybrid target's gateway: routes, sides, the lab-only spillover
 * @param autoscaling the HorizontalPodAutoscaler's replicas and decisions over the run (the Kubernetes target)
 */
public record Extras(
        Optional<LambdaExtras> lambda,
        Optional<PgBouncerExtras> pgbouncer,
        Optional<List<Replica>> replicas,
        Optional<Collected> collected,
        Optional<Gateway> gateway,
        Optional<Autoscaling> autoscaling) {

    /** A target that tells nothing beyond what every target does (a deployment the lab does not run). */
    public static final Extras NONE = new Extras(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** The lab's own parts, nothing collected. */
    public Extras(
            Optional<LambdaExtras> lambda, Optional<PgBouncerExtras> pgbouncer, Optional<List<Replica>> replicas) {
        this(lambda, pgbouncer, replicas, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Without a gateway or the autoscaler's record. */
    public Extras(
            Optional<LambdaExtras> lambda,
            Optional<PgBouncerExtras> pgbouncer,
            Optional<List<Replica>> replicas,
            Optional<Collected> collected) {
        this(lambda, pgbouncer, replicas, collected, Optional.empty(), Optional.empty());
    }

    public Extras {
        replicas = replicas.map(List::copyOf);
    }
}
