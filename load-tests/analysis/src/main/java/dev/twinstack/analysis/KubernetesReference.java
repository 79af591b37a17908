package dev.twinstack.analysis;

import java.util.List;
import java.util.Locale;

/**
 * The Kubernetes side of the projection: the pods the manifests request, billed at Fargate's size for them, scaled by
 * the HPA's CPU target from a CPU cost per request (measured by the lab, or given).
 */
public final class KubernetesReference {

    /** Share of requests opening a new connection at the load balancer (keep-alive clients): an assumption. */
    static final double NEW_CONNECTIONS_PER_REQUEST = 0.1;
    /** KB the load balancer processes per request: an assumption. */
    static final double KB_PER_REQUEST = 2;

    private KubernetesReference() {}

    /** The profile of the manifests' pods at a CPU cost per request. */
    public static CostProjection.KubernetesProfile of(DeployFiles.KubernetesPods pods, double cpuSecondsPerRequest) {
        Fargate.PodSize size = Fargate.podSize(pods.cpuRequestVcpu(), pods.memoryRequestGib());
        return new CostProjection.KubernetesProfile(
                pods.minReplicas(),
                pods.cpuRequestVcpu(),
                size.vcpu(),
                size.memoryGib(),
                cpuSecondsPerRequest,
                pods.targetCpuUtilization(),
                NEW_CONNECTIONS_PER_REQUEST,
                KB_PER_REQUEST);
    }

    /** What the projection takes as given, both sides, in plain words (the Kubernetes sizing from {@code profile}). */
    public static List<String> assumptions(
            Pricing pricing, DeployFiles.KubernetesPods pods, CostProjection.KubernetesProfile profile) {
        return List.of(
                pricing.region() + " list prices from the dated pricing file (" + pricing.hoursPerMonth()
                        + " hours a month), no free tier, no savings plans",
                "the database itself, data transfer and logs are left out (the same for both targets)",
                "Lambda: behind an HTTP API, with RDS Proxy on a 2-vCPU database",
                kubernetes(pods, profile),
                "one ALB in front of the pods; " + Math.round(NEW_CONNECTIONS_PER_REQUEST * 100) + " % of requests"
                        + " open a new connection there and each is " + trim(KB_PER_REQUEST) + " KB (assumed)",
                "traffic spread evenly over the month: peaks need headroom the average does not show");
    }

    /** The Kubernetes sizing as the page states it, from the profile priced: one definition of each figure. */
    static String kubernetes(DeployFiles.KubernetesPods pods, CostProjection.KubernetesProfile profile) {
        return String.format(
                Locale.ROOT,
                "Kubernetes: EKS on Fargate (arm64), pods as the manifests request them (%s vCPU, %s GiB over %d"
                        + " containers) billed at Fargate's size for them, %s vCPU and %s GB (requests plus 256 MB,"
                        + " rounded up to a Fargate combination:"
                        + " https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html), around"
                        + " the clock; as many as the HPA keeps at its %d %% CPU target (usage over the pod's requests,"
                        + " https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details)"
                        + " at %s CPU-ms per request, %s requests/s per pod, minimum %d (the HPA's minReplicas; above"
                        + " %s requests/s on average its maxReplicas of %d would cap it)",
                trim(pods.cpuRequestVcpu()),
                trim(Math.round(pods.memoryRequestGib() * 1000) / 1000.0),
                pods.containers(),
                trim(profile.podVcpu()),
                trim(profile.podGib()),
                Math.round(profile.targetUtilization() * 100),
                trim(Math.round(profile.cpuSecondsPerRequest() * 1e5) / 100.0),
                trim(Math.round(profile.requestsPerSecondPerPod() * 10) / 10.0),
                profile.minReplicas(),
                trim(Math.round(profile.requestsPerSecondPerPod() * pods.maxReplicas() * 10) / 10.0),
                pods.maxReplicas());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : Double.toString(value);
    }
}
