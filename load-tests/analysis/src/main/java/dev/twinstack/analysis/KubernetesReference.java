package dev.twinstack.analysis;

import java.util.List;

/** The stated Kubernetes reference sizing the projection prices, matching the project's manifests. */
public final class KubernetesReference {

    /**
     * Two pods minimum (the HPA's minReplicas) at the Deployment's requests (0.5 vCPU, 1 GiB), 100 requests/s per pod
     * at the HPA's 70 % target, 10 % of requests opening a new connection at the load balancer, 2 KB per request.
     */
    public static final CostProjection.KubernetesProfile DEFAULT =
            new CostProjection.KubernetesProfile(2, 0.5, 1, 100, 0.7, 0.1, 2);

    public static final List<String> ASSUMPTIONS = List.of(
            "us-east-1 list prices from the dated pricing file, no free tier, no savings plans",
            "the database itself, data transfer and logs are left out (the same for both targets)",
            "Lambda: behind an HTTP API, with RDS Proxy on a 2-vCPU database",
            "Kubernetes: EKS on Fargate (arm64), pods at their requests around the clock, minimum 2, one per 70 requests/s on average, one ALB",
            "traffic spread evenly over the month: peaks need headroom the average does not show");

    private KubernetesReference() {}
}
