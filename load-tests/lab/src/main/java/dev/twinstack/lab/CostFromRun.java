package dev.twinstack.lab;

import dev.twinstack.analysis.CostProjection;
import dev.twinstack.analysis.KubernetesReference;
import dev.twinstack.analysis.Pricing;
import dev.twinstack.results.Cost;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cost projection from what the run measured on the Lambda target: its mean billed duration (whole
 * milliseconds, as Lambda bills), its cold-start ratio and mean Init Duration, at the lab's memory size.
 */
final class CostFromRun {

    private static final List<Long> VOLUMES =
            List.of(1_000_000L, 5_000_000L, 10_000_000L, 50_000_000L, 100_000_000L, 500_000_000L);

    private CostFromRun() {}

    static Optional<Cost> project(List<TargetResult> targets, LabSettings settings) {
        List<Invocation> invocations = targets.stream()
                .filter(t -> t.name().equals("lambda"))
                .flatMap(t -> t.extras().lambda().stream())
                .flatMap(lambda -> lambda.invocations().stream())
                .toList();
        List<Invocation> served = invocations.stream()
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
        double initMs = cold.stream().mapToDouble(Invocation::initMs).average().orElse(0);
        var lambda = new CostProjection.LambdaProfile(settings.lambdaMemoryMb(), true, billedMs, coldRatio, initMs, 2);
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
        assumptions.add(
                "Lambda as measured in this run: %.0f ms mean billed duration, %.1f %% cold starts with %.0f ms mean Init Duration, %d MB"
                        .formatted(billedMs, 100 * coldRatio, initMs, settings.lambdaMemoryMb()));
        assumptions.add(
                "this run's profile forces cold starts, and locally a cold start is a full JVM start (no SnapStart): the INIT share is pessimistic");
        assumptions.addAll(KubernetesReference.ASSUMPTIONS);
        Map<String, List<Double>> monthly = new LinkedHashMap<>();
        monthly.put("lambda", lambdaUsd);
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
