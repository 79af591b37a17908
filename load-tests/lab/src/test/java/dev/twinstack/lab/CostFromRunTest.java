package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.results.Cost;
import dev.twinstack.results.CostSplit;
import dev.twinstack.results.CpuUse;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.Requests;
import dev.twinstack.results.TargetResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The projection from a run's measurements, against figures worked by hand from the bundled prices. */
class CostFromRunTest {

    private static final double CENT = 0.005;
    private static final Instant T0 = Instant.parse("2026-12-01T17:00:00Z");

    /** The template's function: 1,024 MB on arm64. */
    private static final DeployFiles.LambdaFunction FUNCTION =
            new DeployFiles.LambdaFunction(1024, "arm64", "java25", true, 15);

    /** The base manifests' pods: 0.55 vCPU and 576 MiB requested (server and sidecar), 2 to 6, 70 % CPU target. */
    private static final DeployFiles.KubernetesPods PODS = new DeployFiles.KubernetesPods(2, 6, 0.7, 0.55, 0.5625, 2);

    /** Two warm invocations of 40.2 ms each: billed 41 ms. */
    private static final TargetResult LAMBDA = target(
            "lambda",
            new Extras(
                    Optional.of(LambdaExtras.of(List.of(served(0, 40.2), served(100, 40.2)))),
                    Optional.empty(),
                    Optional.empty()),
            Optional.empty());

    /** 12 CPU-seconds of its replicas over 600 successful requests: 20 CPU-ms each. */
    private static final TargetResult K8S = target("k8s", Extras.NONE, Optional.of(CpuUse.of(12.0, 3.0, 600, 2)));

    /**
     * Both sides at once: the Lambda side's two warm invocations of 40.2 ms, 25 requests by the Lambda side and 75 by
     * the Kubernetes side (25 % on Lambda), 12 CPU-seconds of both sides' processes over 600 successful requests.
     */
    private static final TargetResult HYBRID = target(
            "hybrid",
            new Extras(
                    Optional.of(LambdaExtras.of(List.of(served(0, 40.2), served(100, 40.2)))),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(new Gateway(
                            false,
                            List.of(),
                            List.of(
                                    new GatewaySide(
                                            "lambda", "twinstack-hybrid-lambda", 25, 0, Optional.empty(), List.of()),
                                    new GatewaySide("k8s", "twinstack-k8s", 75, 0, Optional.empty(), List.of())),
                            0,
                            new Percentiles(0, 0, 0, 0, 0),
                            new Percentiles(0, 0, 0, 0, 0),
                            0,
                            "hybrid/edge-spans.jsonl")),
                    Optional.empty()),
            Optional.of(CpuUse.of(12.0, 3.0, 600, 2)));

    @Test
    void pricesKubernetesFromItsMeasuredCpuAndLambdaFromItsMeasuredDurations() {
        Cost cost = CostFromRun.project(List.of(LAMBDA, K8S), FUNCTION, PODS).orElseThrow();

        int tenMillion = cost.volumes().indexOf(10_000_000L);
        // Lambda: 10M x $0.20/M = 2.00; 10M x 0.041 s x 1 GB x $0.0000133334 = 5.47; HTTP API 10.00; RDS Proxy 2 vCPU x
        // $0.015 x 730 h = 21.90.
        assertEquals(39.37, cost.monthlyUsd().get("lambda").get(tenMillion), CENT);
        // Kubernetes: 3.8 requests/s x 0.02 CPU-s = 0.076 vCPU, under one pod's 0.55 x 0.7: the HPA's minimum of 2
        // pods, each billed at Fargate's 1 vCPU and 2 GB: 2 x ($0.03238 + 2 x $0.00356) x 730 h = 57.67; EKS
        // $0.10 x 730 h = 73.00; the ALB $0.0225 x 730 h plus 0.0274 LCU x $0.008 x 730 h = 16.59.
        assertEquals(147.26, cost.monthlyUsd().get("k8s").get(tenMillion), CENT);
        // At 500M: 190.26 requests/s x 0.02 CPU-s = 3.805 vCPU over 0.385 per pod: 10 pods, 288.35; EKS 73.00; the ALB
        // 16.43 plus 1.37 LCU (processed bytes) x $0.008 x 730 h = 24.43.
        assertEquals(385.78, cost.monthlyUsd().get("k8s").get(cost.volumes().indexOf(500_000_000L)), CENT);
        assertTrue(cost.crossoverRequestsPerMonth().isPresent());
    }

    @Test
    void listsTheMeasuredInputsRegionVolumesAndEveryPrice() {
        List<String> assumptions = CostFromRun.project(List.of(LAMBDA, K8S), FUNCTION, PODS)
                .orElseThrow()
                .assumptions();

        assertTrue(
                assumptions.stream().anyMatch(a -> a.contains("20.00 CPU-ms per successful request")),
                assumptions.toString());
        assertTrue(
                assumptions.stream().anyMatch(a -> a.contains("41 ms mean billed duration")), assumptions.toString());
        assertTrue(assumptions.stream().anyMatch(a -> a.startsWith("us-east-1 list prices")), assumptions.toString());
        assertTrue(assumptions.stream().anyMatch(a -> a.startsWith("volumes: ")), assumptions.toString());
        assertTrue(
                assumptions.stream()
                        .anyMatch(a -> a.startsWith("prices: ") && a.contains("fargate.arm64.vcpuHour 0.03238")),
                assumptions.toString());
        assertTrue(assumptions.stream().noneMatch(a -> a.contains("100 requests/s")), assumptions.toString());
    }

    @Test
    void leavesKubernetesUnpricedWithoutItsMeasuredCpu() {
        Cost cost = CostFromRun.project(List.of(LAMBDA), FUNCTION, PODS).orElseThrow();

        assertEquals(List.of("lambda"), List.copyOf(cost.monthlyUsd().keySet()));
        assertEquals(Optional.empty(), cost.crossoverRequestsPerMonth());
        assertTrue(cost.assumptions().stream().anyMatch(a -> a.startsWith("Kubernetes not priced")));
    }

    @Test
    void pricesTheHybridTargetsMeasuredSplitBesideAllLambdaAndAllKubernetes() {
        Cost cost = CostFromRun.project(List.of(HYBRID), FUNCTION, PODS).orElseThrow();

        int tenMillion = cost.volumes().indexOf(10_000_000L);
        // Its Lambda side measures the function as deployed: that column is all-Lambda, named so.
        assertEquals(
                List.of("lambda", "k8s", "hybrid"),
                List.copyOf(cost.monthlyUsd().keySet()));
        assertEquals(39.37, cost.monthlyUsd().get("lambda").get(tenMillion), CENT);
        CostSplit split = cost.split().orElseThrow();
        assertEquals(0.25, split.lambdaShare());
        // Lambda side, 2.5M requests: $0.50 requests, 2.5M x 0.041 s x 1 GB x $0.0000133334 = 1.37, the proxy 21.90.
        assertEquals(23.77, split.lambdaSideUsd().get(tenMillion), CENT);
        // The HTTP API fronts both sides: all 10M requests, $10.00.
        assertEquals(10.00, split.apiGatewayUsd().get(tenMillion), CENT);
        // Kubernetes side, 7.5M requests: 2.85 requests/s x 0.02 CPU-s, the HPA's minimum of 2 pods 57.67, EKS 73.00,
        // the ALB 16.43 plus 0.0205 LCU x $0.008 x 730 h = 16.55.
        assertEquals(147.22, split.kubernetesSideUsd().get(tenMillion), CENT);
        assertEquals(180.99, cost.monthlyUsd().get("hybrid").get(tenMillion), CENT);
        assertTrue(
                cost.assumptions().stream()
                        .anyMatch(a -> a.startsWith("hybrid: the split its gateway measured, 25.0 %")),
                cost.assumptions().toString());
        assertTrue(
                cost.assumptions().stream().anyMatch(a -> a.contains("an upper bound for the replicas alone")),
                cost.assumptions().toString());
    }

    @Test
    void takesTheK8sTargetsCpuOverTheHybridsWhenBothRan() {
        Cost cost = CostFromRun.project(List.of(HYBRID, K8S), FUNCTION, PODS).orElseThrow();

        assertTrue(
                cost.assumptions().stream().anyMatch(a -> a.startsWith("Kubernetes at the CPU k8s measured")),
                cost.assumptions().toString());
        assertTrue(
                cost.assumptions().stream().noneMatch(a -> a.contains("upper bound")),
                cost.assumptions().toString());
    }

    private static Invocation served(long atMs, double durationMs) {
        return new Invocation(
                T0.plusMillis(atMs),
                "req-" + atMs,
                Optional.of("env-1"),
                false,
                0,
                Optional.empty(),
                durationMs,
                durationMs + 2,
                0.5,
                200,
                InvocationOutcome.SUCCESS,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static TargetResult target(String name, Extras extras, Optional<CpuUse> cpu) {
        Requests requests = RequestStats.of(List.of(), 0, r -> Optional.empty());
        return new TargetResult(
                name,
                name,
                true,
                Optional.empty(),
                requests,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                extras,
                Optional.empty(),
                List.of(),
                cpu);
    }
}
