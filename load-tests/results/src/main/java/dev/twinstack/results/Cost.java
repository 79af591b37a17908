package dev.twinstack.results;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monthly cost projection of the targets (a projection, not a quote: see its assumptions).
 *
 * @param assumptions what the projection takes as given, in plain words
 * @param pricingDate when the prices were taken
 * @param volumes requests per month at which the targets are projected
 * @param monthlyUsd per target, the monthly cost in USD at each volume
 * @param crossoverRequestsPerMonth where the targets' costs cross, when they do
 * @param split the hybrid target's measured split priced side by side, when a hybrid target ran and both sides were
 *     priced
 */
public record Cost(
        List<String> assumptions,
        String pricingDate,
        List<Long> volumes,
        Map<String, List<Double>> monthlyUsd,
        Optional<Long> crossoverRequestsPerMonth,
        Optional<CostSplit> split) {

    /** Without a hybrid split. */
    public Cost(
            List<String> assumptions,
            String pricingDate,
            List<Long> volumes,
            Map<String, List<Double>> monthlyUsd,
            Optional<Long> crossoverRequestsPerMonth) {
        this(assumptions, pricingDate, volumes, monthlyUsd, crossoverRequestsPerMonth, Optional.empty());
    }

    public Cost {
        assumptions = List.copyOf(assumptions);
        volumes = List.copyOf(volumes);
        monthlyUsd = Copies.inOrder(monthlyUsd);
    }
}
