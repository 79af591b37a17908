package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.CostProjection;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.analysis.KubernetesReference;
import dev.twinstack.analysis.Pricing;
import dev.twinstack.results.Cost;
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
        String name = measured.get().name();
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
        Optional<TargetResult> kubernetes = targets.stream()
                .filter(t -> t.name().equals(ConnectionBudget.K8S))
                .filter(t -> t.cpu().filter(c -> c.successfulRequests() > 0).isPresent())
                .findFirst();
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
        Double crossover = kubernetes.isEmpty() ? null : projection.crossover(lambda, k8s);
        List<String> assumptions = new ArrayList<>();
        assumptions.add(String.format(
                Locale.ROOT,
                "Lambda as the template deploys it (%s, %d MB, %s) and as %s measured it in this run: %.0f ms mean"
                        + " billed duration, %.1f %% cold starts, %s",
                function.runtime(),
                function.memoryMb(),
                function.architecture(),
                name,
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
                        "Kubernetes at the CPU k8s measured in this run: %.2f CPU-ms per successful request (%.1f"
                                + " CPU-s of its replicas over %d successful requests, idle time during the load"
                                + " included), from /proc as the benchmark measures it; the collector sidecar's CPU is"
                                + " not measured (the lab runs none) and the database's is left out (the same database"
                                + " on both sides)",
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
        Map<String, List<Double>> monthly = new LinkedHashMap<>();
        monthly.put(name, lambdaUsd);
        if (kubernetes.isPresent()) {
            monthly.put(ConnectionBudget.K8S, k8sUsd);
        }
        String pricingDate = pricing.prices().values().stream()
                .map(Pricing.Price::date)
                .max(String::compareTo)
                .orElse("");
        return Optional.of(new Cost(
                assumptions,
                pricingDate,
                VOLUMES,
                monthly,
                Optional.ofNullable(crossover).map(Double::longValue)));
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
