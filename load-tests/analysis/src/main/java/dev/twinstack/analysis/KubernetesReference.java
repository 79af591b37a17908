package dev.twinstack.analysis;

import java.util.List;
import java.util.Locale;

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
            kubernetes(DEFAULT),
            "traffic spread evenly over the month: peaks need headroom the average does not show");

    private KubernetesReference() {}

    /** The Kubernetes sizing as the page states it, from the profile priced: one definition of each figure. */
    static String kubernetes(CostProjection.KubernetesProfile profile) {
        return String.format(
                Locale.ROOT,
                "Kubernetes: EKS on Fargate (arm64), pods of %s vCPU and %s GB around the clock, minimum %d, each taking"
                        + " an assumed %s requests/s at the HPA's %d %% CPU target (%s requests/s on average): a"
                        + " reference sizing, not measured in this run; one ALB",
                trim(profile.vcpuPerReplica()),
                trim(profile.gbPerReplica()),
                profile.minReplicas(),
                trim(profile.rpsPerReplica()),
                Math.round(profile.targetUtilization() * 100),
                trim(profile.rpsPerReplica() * profile.targetUtilization()));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : Double.toString(value);
    }
}
