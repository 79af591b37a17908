package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * A deployed function's figures over the run's window, read from AWS: its REPORT lines aggregated by one CloudWatch
 * Logs Insights query, and its CloudWatch metrics. Percentiles are Logs Insights' {@code pct} (absent where no REPORT
 * line had the field: no restore without SnapStart, no init when every cold start was a restore).
 *
 * @param function the function's name
 * @param reportLines where the REPORT figures were read and how finely
 * @param invocations REPORT lines in the window
 * @param inits REPORT lines with an Init Duration (on-demand cold starts)
 * @param restores REPORT lines with a Restore Duration (SnapStart restores)
 * @param coldRatio (inits + restores) / invocations, 0 without invocations
 * @param metrics ConcurrentExecutions (Maximum) and Throttles (Sum) per period
 */
public record CollectedLambda(
        String function,
        Source reportLines,
        long invocations,
        long inits,
        long restores,
        double coldRatio,
        Optional<Double> initP50Ms,
        Optional<Double> initP99Ms,
        Optional<Double> restoreP50Ms,
        Optional<Double> restoreP99Ms,
        Optional<Double> billedRestoreP50Ms,
        Optional<Double> billedRestoreP99Ms,
        Optional<Double> durationP50Ms,
        Optional<Double> durationP99Ms,
        Optional<Double> maxMemoryUsedMb,
        Optional<Integer> memorySizeMb,
        List<MetricSeries> metrics) {

    public CollectedLambda {
        metrics = List.copyOf(metrics);
    }
}
