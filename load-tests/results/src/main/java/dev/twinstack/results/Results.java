package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * results.json: what one lab run measured, per target, with the run's parameters and caveats. Written by the lab and
 * read by the report through {@link ResultsJson}, strictly: a field this version does not know, or a required field
 * that is missing, fails the read with the field's name. What a run may not have measured is an {@link Optional}.
 *
 * @param schema the version of this contract the file was written with: {@link #SCHEMA}
 * @param run the run's parameters, machine and caveats
 * @param targets one entry per target, in the order the lab ran them
 * @param cost the monthly cost projection, when the run measured a Lambda target
 */
public record Results(int schema, Run run, List<TargetResult> targets, Optional<Cost> cost) {

    /**
     * The version of this contract. 2: typed extras (Lambda, PgBouncer, replicas), peak concurrent environments from
     * invocation intervals, error causes as one closed set. 3: SnapStart (each restore's durations, the version
     * published before the load), each Lambda environment's CPU and memory, the runtime; the Lambda targets renamed
     * (lambda as deployed, lambda-ondemand, lambda-direct). 4: each target's client ledger reconciled with the
     * database (lost, duplicated and unresolved writes; error bodies that leaked internals); what the platform says of a deployment the lab does not
     * run ({@code extras.collected}: REPORT figures and metrics from CloudWatch, the proxy's metrics, the cluster's
     * replicas, pod starts and CPU), each with where it was measured and how finely; drills (faults injected under load, with their
     * window, the errors seen by cause and status, Retry-After, recovery), and whether each request's answer carried
     * Retry-After. 5: the client sessions through the RDS Proxy stand-in that would pin on RDS Proxy ({@link Pinning}, at
     * the end of the PgBouncer extras). 6: failed requests' latency apart from the successful requests' percentiles
     * ({@code latencyMs.failed}), the scenario's flows started and failed ({@code requests.flows}, from the request
     * log's flow ids), CPU-seconds of each target's processes and of the database per successful request ({@link
     * CpuUse}), Lambda's causes named as the HTTP API reports them (integration timeouts and function errors apart from
     * the function's own timeouts and answers). 7: the hybrid target's gateway ({@code extras.gateway}: each route by
     * the side that served it, each side's requests and connections, the lab-only spillover's count and latency, the
     * edge spans); one example trace per route ({@code targets[].traces}: each span's service, parent and offset,
     * whether the parent chain edge → server → database is whole), where the lab received the target's telemetry; the
     * Kubernetes target's autoscaling ({@link Autoscaling}: the HorizontalPodAutoscaler it followed, the replicas over
     * time, each sync's decision, why no replica was added), each replica's origin (pre-warmed or added under load), its
     * start to rotation, its cold request and its removal.
     */
    public static final int SCHEMA = 7;

    public Results {
        targets = List.copyOf(targets);
    }
}
