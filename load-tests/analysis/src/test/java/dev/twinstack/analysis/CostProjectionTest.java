package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.analysis.CostProjection.KubernetesProfile;
import dev.twinstack.analysis.CostProjection.LambdaProfile;
import org.junit.jupiter.api.Test;

/** Each figure checked against arithmetic done by hand from the bundled pricing data. */
class CostProjectionTest {

    private static final double CENT = 0.005;
    private static final double TEN_MILLION = 10e6;

    /** 512 MB, 100 ms billed, arm64, no cold starts, a 2-vCPU database behind the proxy. */
    private static final LambdaProfile LAMBDA = new LambdaProfile(512, true, 100, 0, 0, 0, 2);

    /**
     * At least two pods requesting 0.55 vCPU, billed at 1 vCPU and 2 GB, 20 CPU-ms per request at a 70 % CPU target
     * (0.55 x 0.7 / 0.02 = 19.25 requests/s per pod), 10 % new connections, 2 KB each.
     */
    private static final KubernetesProfile K8S = new KubernetesProfile(2, 0.55, 1, 2, 0.02, 0.7, 0.1, 2);

    private final CostProjection projection = new CostProjection(Pricing.defaults());

    @Test
    void pricesTenMillionRequestsOnLambdaBehindAnHttpApi() {
        var line = projection.at(TEN_MILLION, LAMBDA, K8S);

        // 10M x $0.20/M
        assertEquals(2.00, line.lambdaRequests(), CENT);
        // 10M x 0.1 s x 0.5 GB = 500,000 GB-s x $0.0000133334
        assertEquals(6.67, line.lambdaDuration(), CENT);
        // 10M x $1.00/M
        assertEquals(10.00, line.apiGateway(), CENT);
        // 2 vCPU x $0.015 x 730 h
        assertEquals(21.90, line.rdsProxy(), CENT);
        assertEquals(2.00 + 6.67 + 10.00 + 21.90, line.lambda(), 2 * CENT);
    }

    @Test
    void billsTheInitPhaseOfColdStarts() {
        var withColdStarts = new LambdaProfile(512, true, 100, 0.01, 2000, 0, 2);

        var line = projection.at(TEN_MILLION, withColdStarts, K8S);

        // 1 % of 10M = 100,000 inits x 2 s x 0.5 GB = 100,000 GB-s x $0.0000133334
        assertEquals(1.33, line.lambdaInit(), CENT);
    }

    @Test
    void billsARestoresBilledDurationAndNothingElseForSnapStartOnJava() {
        var snapStart = new LambdaProfile(1024, true, 100, 0.01, 0, 250, 2);

        var line = projection.at(TEN_MILLION, snapStart, K8S);

        // 1 % of 10M = 100,000 restores x 0.25 s x 1 GB = 25,000 GB-s x $0.0000133334; no caching or restore charge
        assertEquals(0.33, line.lambdaRestore(), CENT);
        assertEquals(0, line.lambdaInit(), CENT);
        // 10M x 0.1 s x 1 GB = 1,000,000 GB-s x $0.0000133334
        assertEquals(13.33, line.lambdaDuration(), CENT);
    }

    @Test
    void pricesASplitWithTheHttpApiOnEveryRequestAndEachSidesShareAsThatSidePricesIt() {
        var split = projection.split(TEN_MILLION, 0.25, LAMBDA, K8S);

        // Lambda at 2.5M: 2.5M x $0.20/M = $0.50 + 2.5M x 0.1 s x 0.5 GB = 125,000 GB-s x $0.0000133334 = $1.67
        // + the proxy's 2 vCPU x $0.015 x 730 h = $21.90
        assertEquals(0.50 + 1.67 + 21.90, split.lambdaSide(), 2 * CENT);
        // the HTTP API fronts both sides: 10M x $1.00/M
        assertEquals(10.00, split.apiGateway(), CENT);
        // Kubernetes at 7.5M: 2.854 requests/s x 0.02 CPU-s = 0.057 vCPU, the HPA's minimum of 2 pods ($57.67), EKS
        // ($73.00), the ALB's $16.43 a month + 0.0206 LCU (2.854 rps x 3600 x 2 KB) x $0.008 x 730 h = $16.55
        assertEquals(2, split.replicas());
        assertEquals(57.67 + 73.00 + 16.55, split.kubernetesSide(), 2 * CENT);
        assertEquals(24.07 + 10.00 + 147.22, split.total(), 3 * CENT);
    }

    @Test
    void pricesAllOnLambdaAsTheLambdaLineAndAClusterThatServesNothing() {
        var split = projection.split(TEN_MILLION, 1, LAMBDA, K8S);

        // both sides stay deployed: the cluster's fixed costs remain at a share of nothing
        assertEquals(
                projection.at(TEN_MILLION, LAMBDA, K8S).lambda()
                        + projection.at(0, LAMBDA, K8S).kubernetes(),
                split.total(),
                CENT);
    }

    @Test
    void pricesThePodsTheHpaKeepsForTheMeasuredCpu() {
        var line = projection.at(TEN_MILLION, LAMBDA, K8S);

        // 10M / (730 x 3600 s) = 3.805 requests/s x 0.02 CPU-s = 0.076 vCPU, over 0.55 x 0.7 = 0.385 vCPU per pod at
        // the target: one pod; the HPA's minimum keeps two.
        assertEquals(2, line.replicas());
        // 2 x (1 vCPU x $0.03238 + 2 GB x $0.00356) x 730 h
        assertEquals(57.67, line.pods(), CENT);
        // $0.10 x 730 h
        assertEquals(73.00, line.eks(), CENT);
        // $0.0225 x 730 h + 0.0274 LCU (processed bytes: 3.805 rps x 3600 x 2 KB) x $0.008 x 730 h
        assertEquals(16.59, line.loadBalancer(), CENT);
    }

    @Test
    void addsPodsAsTheMeasuredCpuPerRequestFillsThem() {
        // 500M / (730 x 3600 s) = 190.26 requests/s x 0.02 CPU-s = 3.805 vCPU / 0.385 = 9.88: ten pods.
        assertEquals(10, projection.at(500e6, LAMBDA, K8S).replicas());
        // Twice the CPU per request: 7.61 / 0.385 = 19.77, twenty pods.
        var heavier = new KubernetesProfile(2, 0.55, 1, 2, 0.04, 0.7, 0.1, 2);
        assertEquals(20, projection.at(500e6, LAMBDA, heavier).replicas());
        // Exactly at the target: 19.25 requests/s x 0.02 = 0.385 vCPU fills one pod, not two.
        assertEquals(1, new KubernetesProfile(1, 0.55, 1, 2, 0.02, 0.7, 0.1, 2).replicas(19.25));
        assertEquals(19.25, K8S.requestsPerSecondPerPod(), 1e-9);
    }

    @Test
    void appliesTheSecondDurationTierBeyondItsThreshold() {
        // 20 billion requests x 1 s x 0.5 GB = 10 billion GB-s: 7.5 billion in tier 1, 2.5 billion in tier 2.
        var line = projection.at(20e9, new LambdaProfile(512, true, 1000, 0, 0, 0, 2), K8S);

        assertEquals(7.5e9 * 0.0000133334 + 2.5e9 * 0.0000120001, line.lambdaDuration(), 1);
    }

    @Test
    void findsWhereLambdaStartsToCostMore() {
        Double crossover = projection.crossover(LAMBDA, K8S);

        assertNotNull(crossover);
        var below = projection.at(crossover - 1e6, LAMBDA, K8S);
        var above = projection.at(crossover + 1e6, LAMBDA, K8S);
        assertTrue(below.lambda() < below.kubernetes(), "below the crossover Lambda is cheaper");
        assertTrue(above.lambda() > above.kubernetes(), "above the crossover Lambda costs more");
    }

    @Test
    void reportsNoCrossoverWhenKubernetesNeverWins() {
        var tiny = new LambdaProfile(128, true, 1, 0, 0, 0, 2);
        var huge = new KubernetesProfile(1000, 4, 4, 16, 1, 0.5, 1, 2);

        assertNull(projection.crossover(tiny, huge));
    }

    @Test
    void carriesSourceAndDateOfEveryPrice() {
        Pricing.defaults().prices().forEach((key, price) -> {
            assertTrue(
                    price.source().startsWith("https://aws.amazon.com/")
                            || price.source().startsWith("https://docs.aws.amazon.com/"),
                    key + ": AWS's own page");
            assertTrue(price.date().matches("\\d{4}-\\d{2}-\\d{2}"), key);
        });
    }
}
