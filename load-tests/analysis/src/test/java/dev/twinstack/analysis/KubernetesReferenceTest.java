package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KubernetesReferenceTest {

    @Test
    void statesTheSizingThatIsPricedAndThatItIsAnAssumption() {
        var profile = new CostProjection.KubernetesProfile(3, 0.25, 0.5, 80, 0.6, 0.1, 2);

        assertEquals(
                "Kubernetes: EKS on Fargate (arm64), pods of 0.25 vCPU and 0.5 GB around the clock, minimum 3, each"
                        + " taking an assumed 80 requests/s at the HPA's 60 % CPU target (48 requests/s on average): a"
                        + " reference sizing, not measured in this run; one ALB",
                KubernetesReference.kubernetes(profile));
    }
}
