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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cost projection from what the run measured on a Lambda target (the one as deployed, {@code lambda}, when it ran;
 * else the first Lambda target): its mean billed duration (whole milliseconds, as Lambda bills), its cold-start ratio,
 * and per cold start the mean Billed Restore Duration of its SnapStart restores or the mean Init Duration of its
 * on-demand inits, at the template's memory size and architecture.
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

    static Optional<Cost> project(List<TargetResult> targets, DeployFiles.LambdaFunction function) {
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
        var k8s = KubernetesReference.DEFAULT;
        Pricing pricing = Pricing.defaults();
        var projection = new CostProjection(pricing);
        List<Double> lambdaUsd = new ArrayList<>();
        List<Double> k8sUsd = new ArrayList<>();
        for (long volume : VOLUMES) {
            var line = projection.at(volume, lambda, k8s);
            lambdaUsd.add(round(line.lambda()));
            k8sUsd.add(round(line.kubernetes()));
        }
        Double crossover = projection.crossover(lambda, k8s);
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
        assumptions.addAll(KubernetesReference.ASSUMPTIONS);
        Map<String, List<Double>> monthly = new LinkedHashMap<>();
        monthly.put(name, lambdaUsd);
        monthly.put("k8s", k8sUsd);
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

    private static double round(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
