package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KubernetesReferenceTest {

    /** Two containers requesting 0.55 vCPU and 576 MiB together, 2 to 6 replicas at a 70 % CPU target. */
    private static final DeployFiles.KubernetesPods PODS = new DeployFiles.KubernetesPods(2, 6, 0.7, 0.55, 0.5625, 2);

    @Test
    void sizesThePodsFromTheManifestsAndTheMeasuredCpu() {
        var profile = KubernetesReference.of(PODS, 0.02);

        // 0.55 vCPU and 0.5625 + 0.25 GiB: Fargate's smallest combination holding both is 1 vCPU and 2 GB.
        assertEquals(new CostProjection.KubernetesProfile(2, 0.55, 1, 2, 0.02, 0.7, 0.1, 2), profile);
    }

    @Test
    void statesTheSizingThatIsPricedAndWhereItComesFrom() {
        String stated = KubernetesReference.kubernetes(PODS, KubernetesReference.of(PODS, 0.02));

        assertEquals(
                "Kubernetes: EKS on Fargate (arm64), pods as the manifests request them (0.55 vCPU, 0.563 GiB over 2"
                        + " containers) billed at Fargate's size for them, 1 vCPU and 2 GB (requests plus 256 MB,"
                        + " rounded up to a Fargate combination:"
                        + " https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html), around"
                        + " the clock; as many as the HPA keeps at its 70 % CPU target (usage over the pod's requests,"
                        + " https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details)"
                        + " at 20 CPU-ms per request, 19.3 requests/s per pod, minimum 2 (the HPA's minReplicas; above"
                        + " 115.5 requests/s on average its maxReplicas of 6 would cap it)",
                stated);
    }

    @Test
    void listsRegionPricesAndEveryAssumption() {
        var assumptions = KubernetesReference.assumptions(Pricing.defaults(), PODS, KubernetesReference.of(PODS, 0.02));

        assertTrue(assumptions.get(0).startsWith("us-east-1 list prices"), assumptions.get(0));
        assertTrue(assumptions.stream().noneMatch(a -> a.contains("assumed 100 requests/s")), assumptions.toString());
    }
}
