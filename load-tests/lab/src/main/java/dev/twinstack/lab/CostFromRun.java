package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.CostProjection;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.analysis.KubernetesReference;
import dev.twinstack.analysis.Pricing;
import dev.twinstack.results.Cost;
import dev.twinstack.results.CostSplit;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.Restore;
import dev.twinstack.results.TargetResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cost projection from what the run measured, on both sides. Lambda: on a Lambda target (the one as deployed,
 * {@code lambda}, when it ran; else the first Lambda target), its mean billed duration (whole milliseconds, as Lambda
 * bills), its cold-start ratio, and per cold start the mean Billed Restore Duration of its SnapStart restores or the
 * mean Init Duration of its on-demand inits, at the template's memory size and architecture. Kubernetes: the CPU-seconds
 * per successful request the {@code k8s} target's replicas used, against the pods the manifests request and the HPA's
 * CPU target, at Fargate's size for those pods.
 */
final class CostFromRun {

    private static final List<Long> VOLUMES =
            List.of(1_000_000L, 5_000_000L, 10_000_000L, 50_000_000L, 100_000_000L, 500_000_000L);

    /** AWS's statement of SnapStart's price for Java, which the projection follows. */
    static final String SNAPSTART_PRICING =
            "SnapStart priced as AWS states it for Java managed runtimes: no charge for caching or restoring the"
                    + " snapshot (those apply to Python and .NET), each restore's Billed Restore Duration billed as"
                    + " duration, the init once per published version and not per cold start"
                    + " (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html#snapstart-pricing,"
                    + " https://aws.amazon.com/lambda/pricing/)";

    private CostFromRun() {}

    static Optional<Cost> project(
            List<TargetResult> targets, DeployFiles.LambdaFunction function, DeployFiles.KubernetesPods pods) {
        return project(targets, function, pods, Pricing.defaults());
    }

    static Optional<Cost> project(
            List<TargetResult> targets,
            DeployFiles.LambdaFunction function,
            DeployFiles.KubernetesPods pods,
            Pricing pricing) {
        Optional<TargetResult> measured = targets.stream()
                .filter(t -> t.name().equals(ConnectionBudget.LAMBDA))
                .filter(t -> t.extras().lambda().isPresent())
                .findFirst()
                .or(() -> targets.stream()
                        .filter(t -> t.extras().lambda().isPresent())
                        .findFirst());
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        // The hybrid target's Lambda side measures the function as deployed: its column is all-Lambda, not the split.
        String name = measured.get().name().equals(HybridTarget.NAME)
                ? ConnectionBudget.LAMBDA
                : measured.get().name();
        String measuredBy = measured.get().name().equals(HybridTarget.NAME)
                ? "the hybrid target's Lambda side"
                : measured.get().name();
        List<Invocation> served = measured.get().extras().lambda().orElseThrow().invocations().stream()
                .filter(r -> r.outcome() == InvocationOutcome.SUCCESS)
                .toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        double billedMs = served.stream()
                .mapToDouble(r -> Math.ceil(r.durationMs()))
                .average()
                .orElse(0);
        List<Invocation> cold = served.stream().filter(Invocation::cold).toList();
        double coldRatio = (double) cold.size() / served.size();
        double initMs = cold.stream()
                .filter(i -> !i.restored())
                .mapToDouble(Invocation::initMs)
                .average()
                .orElse(0);
        double billedRestoreMs = cold.stream()
                .flatMap(i -> i.restore().stream())
                .mapToDouble(Restore::billedRestoreMs)
                .average()
                .orElse(0);
        boolean restores = cold.stream().anyMatch(Invocation::restored);
        var lambda = new CostProjection.LambdaProfile(
                function.memoryMb(),
                function.arm64(),
                billedMs,
                coldRatio,
                restores ? 0 : initMs,
                restores ? billedRestoreMs : 0,
                2);
        Optional<TargetResult> hybrid =
                targets.stream().filter(t -> t.extras().gateway().isPresent()).findFirst();
        // The k8s target's CPU when it ran; else the hybrid target's, whose processes are both sides' (an upper bound).
        Optional<TargetResult> kubernetes = targets.stream()
                .filter(t -> t.name().equals(ConnectionBudget.K8S))
                .filter(t -> t.cpu().filter(c -> c.successfulRequests() > 0).isPresent())
                .findFirst()
                .or(() -> hybrid.filter(
                        t -> t.cpu().filter(c -> c.successfulRequests() > 0).isPresent()));
        // Without a measured k8s target, Kubernetes is not priced: its cost would be an assumption.
        var k8s = KubernetesReference.of(
                pods,
                kubernetes
                        .map(t -> t.cpu().orElseThrow().targetSecondsPerRequest())
                        .orElse(0.0));
        var projection = new CostProjection(pricing);
        List<Double> lambdaUsd = new ArrayList<>();
        List<Double> k8sUsd = new ArrayList<>();
        for (long volume : VOLUMES) {
            var line = projection.at(volume, lambda, k8s);
            lambdaUsd.add(round(line.lambda()));
            k8sUsd.add(round(line.kubernetes()));
        }
        Optional<CostSplit> split =
                kubernetes.isEmpty() ? Optional.empty() : hybrid.flatMap(t -> split(t, projection, lambda, k8s));
        Double crossover = kubernetes.isEmpty() ? null : projection.crossover(lambda, k8s);
        List<String> assumptions = new ArrayList<>();
        assumptions.add(String.format(
                Locale.ROOT,
                "Lambda as the template deploys it (%s, %d MB, %s) and as %s measured it in this run: %.0f ms mean"
                        + " billed duration, %.1f %% cold starts, %s",
                function.runtime(),
                function.memoryMb(),
                function.architecture(),
                measuredBy,
                billedMs,
                100 * coldRatio,
                restores
                        ? "SnapStart restores with a mean Billed Restore Duration of %.0f ms".formatted(billedRestoreMs)
                        : "on-demand inits with a mean Init Duration of %.0f ms, billed".formatted(initMs)));
        assumptions.add(
                restores
                        ? SNAPSTART_PRICING
                        : "the INIT phase of on-demand cold starts billed as duration (since 1 August 2025)");
        assumptions.add(
                "the lab's profile starts from no warm environment and runs for a minute, so its cold-start share"
                        + " is far above a steady production function's: the per-cold-start figures are the ones to carry over");
        assumptions.add(kubernetes
                .map(t -> String.format(
                        Locale.ROOT,
                        "Kubernetes at the CPU %s measured in this run: %.2f CPU-ms per successful request (%.1f"
                                + " CPU-s of its replicas over %d successful requests, idle time during the load"
                                + " included), from /proc as the benchmark measures it; the collector sidecar's CPU is"
                                + " not measured (the lab runs none) and the database's is left out (the same database"
                                + " on both sides)"
                                + (t.name().equals(ConnectionBudget.K8S)
                                        ? ""
                                        : "; no k8s target ran, so these are the hybrid target's processes on both"
                                                + " sides (replicas and Lambda environments) over both sides' requests,"
                                                + " an upper bound for the replicas alone"),
                        t.name(),
                        t.cpu().orElseThrow().targetSecondsPerRequest() * 1000,
                        t.cpu().orElseThrow().targetSeconds(),
                        t.cpu().orElseThrow().successfulRequests()))
                .orElse("Kubernetes not priced: no k8s target's CPU was measured in this run"));
        assumptions.addAll(KubernetesReference.assumptions(pricing, pods, k8s));
        assumptions.add("volumes: "
                + VOLUMES.stream()
                        .map(v -> String.format(Locale.ROOT, "%,d", v))
                        .toList() + " requests a month");
        assumptions.add("prices: " + prices(pricing));
        split.ifPresent(s -> assumptions.add(String.format(
                Locale.ROOT,
                "%s: the split its gateway measured, %.1f %% of requests on Lambda (%d by the Lambda side, %d by the"
                        + " Kubernetes side), carried to each volume: each side's share priced as that side alone, the"
                        + " HTTP API on every request, each side's fixed costs (the proxy, the cluster and its minimum"
                        + " of pods) once",
                s.target(),
                100 * s.lambdaShare(),
                s.lambdaRequests(),
                s.kubernetesRequests())));
        Map<String, List<Double>> monthly = new LinkedHashMap<>();
        monthly.put(name, lambdaUsd);
        if (kubernetes.isPresent()) {
            monthly.put(ConnectionBudget.K8S, k8sUsd);
        }
        split.ifPresent(s -> monthly.put(
                s.target(),
                java.util.stream.IntStream.range(0, VOLUMES.size())
                        .mapToObj(v -> round(s.lambdaSideUsd().get(v)
                                + s.apiGatewayUsd().get(v)
                                + s.kubernetesSideUsd().get(v)))
                        .toList()));
        String pricingDate = pricing.prices().values().stream()
                .map(Pricing.Price::date)
                .max(String::compareTo)
                .orElse("");
        return Optional.of(new Cost(
                assumptions,
                pricingDate,
                VOLUMES,
                monthly,
                Optional.ofNullable(crossover).map(Double::longValue),
                split));
    }

    /**
     * The hybrid target's split as its gateway measured it (the requests each side answered; the gateway's own 401
     * and 404 on neither side), priced at every volume by {@link CostProjection#split}.
     */
    static Optional<CostSplit> split(
            TargetResult hybrid,
            CostProjection projection,
            CostProjection.LambdaProfile lambda,
            CostProjection.KubernetesProfile k8s) {
        Gateway gateway = hybrid.extras().gateway().orElseThrow();
        long onLambda = served(gateway, HybridTarget.LAMBDA_SIDE);
        long onKubernetes = served(gateway, HybridTarget.K8S_SIDE);
        if (onLambda + onKubernetes == 0) {
            return Optional.empty();
        }
        double share = (double) onLambda / (onLambda + onKubernetes);
        List<Double> lambdaSide = new ArrayList<>();
        List<Double> apiGateway = new ArrayList<>();
        List<Double> kubernetesSide = new ArrayList<>();
        for (long volume : VOLUMES) {
            CostProjection.Split split = projection.split(volume, share, lambda, k8s);
            lambdaSide.add(round(split.lambdaSide()));
            apiGateway.add(round(split.apiGateway()));
            kubernetesSide.add(round(split.kubernetesSide()));
        }
        return Optional.of(
                new CostSplit(hybrid.name(), onLambda, onKubernetes, share, lambdaSide, apiGateway, kubernetesSide));
    }

    private static long served(Gateway gateway, String side) {
        return gateway.sides().stream()
                .filter(s -> s.side().equals(side))
                .mapToLong(GatewaySide::requests)
                .sum();
    }

    /** Every price the projection uses, with its unit and its source, in the pricing file's order. */
    private static String prices(Pricing pricing) {
        return pricing.prices().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "%s %s %s (%s, %s)"
                        .formatted(
                                e.getKey(),
                                BigDecimal.valueOf(e.getValue().value())
                                        .stripTrailingZeros()
                                        .toPlainString(),
                                e.getValue().unit(),
                                e.getValue().source(),
                                e.getValue().date()))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
