package dev.twinstack.analysis;

import java.util.List;

/**
 * The size Fargate bills an EKS pod at, as AWS documents it
 * (https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html): the pod's long-running
 * containers' requests added up, 256 MB more memory for the Kubernetes components (kubelet, kube-proxy, containerd),
 * rounded up to the nearest of Fargate's vCPU and memory combinations.
 */
public final class Fargate {

    /** Memory Fargate adds to every pod for its Kubernetes components, in GiB. */
    public static final double KUBERNETES_COMPONENTS_GIB = 0.25;

    /** A vCPU size and its memory sizes: {@code from} to {@code to} GiB in steps of {@code step}. */
    private record Combination(double vcpu, double from, double to, double step) {}

    /** Fargate's vCPU and memory combinations, smallest first (0.25 vCPU: 0.5, 1 and 2 GB). */
    private static final List<Combination> COMBINATIONS = List.of(
            new Combination(0.25, 0.5, 0.5, 1),
            new Combination(0.25, 1, 2, 1),
            new Combination(0.5, 1, 4, 1),
            new Combination(1, 2, 8, 1),
            new Combination(2, 4, 16, 1),
            new Combination(4, 8, 30, 1),
            new Combination(8, 16, 60, 4),
            new Combination(16, 32, 120, 8));

    /** What Fargate provisions and bills a pod at. */
    public record PodSize(double vcpu, double memoryGib) {}

    private Fargate() {}

    /** The smallest combination that holds the requests and the components' memory. */
    public static PodSize podSize(double cpuRequestVcpu, double memoryRequestGib) {
        double memory = memoryRequestGib + KUBERNETES_COMPONENTS_GIB;
        for (Combination c : COMBINATIONS) {
            if (c.vcpu() + 1e-9 < cpuRequestVcpu) {
                continue;
            }
            for (double gib = c.from(); gib <= c.to() + 1e-9; gib += c.step()) {
                if (gib + 1e-9 >= memory) {
                    return new PodSize(c.vcpu(), gib);
                }
            }
        }
        throw new IllegalArgumentException("no Fargate pod holds %s vCPU and %s GiB".formatted(cpuRequestVcpu, memory));
    }
}
