package dev.twinstack.report;

import dev.twinstack.results.Collected;
import dev.twinstack.results.CollectedLambda;
import dev.twinstack.results.CollectedProxy;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.MetricSeries;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.PoolSample;
import dev.twinstack.results.Restore;
import dev.twinstack.results.Results;
import dev.twinstack.results.Second;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Every number the page shows that is not copied from results.json as is: per-target summary figures, the shared axis
 * ranges that put targets side by side, and the bins of the cold-start histograms. Percentiles the lab computed are
 * shown as the lab wrote them; percentiles the report computes from raw values use the nearest-rank method.
 */
final class Figures {

    /** Bin widths (ms) a histogram may use, so the bins read as round numbers. */
    private static final long[] BIN_WIDTHS_MS = {10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000
    };

    private static final int MAX_BINS = 12;

    private Figures() {}

    /** The summary of one target; absent values were not measured for this target. */
    record TargetFigures(
            String name,
            long requests,
            long errors,
            double errorRatio,
            Optional<Percentiles> all,
            Optional<Percentiles> warm,
            long coldStarts,
            Optional<Percentiles> cold,
            int initCount,
            OptionalDouble initP50Ms,
            OptionalDouble initP99Ms,
            Optional<Integer> peakConnections,
            double meanThroughputRps,
            Optional<Long> throttles,
            Optional<Integer> environmentsPeak,
            Optional<Integer> poolSize,
            Optional<Integer> peakPoolServers,
            Optional<Long> predictedConnections,
            Optional<Boolean> withinBudget) {}

    /** Axis ranges shared by every target's chart of one kind, so the charts compare at a glance. */
    record Axes(
            double timeMaxS,
            double requestsPerSecondMax,
            double latencyMaxMs,
            double connectionsMax,
            double poolMax,
            long coldBinWidthMs,
            int coldBins,
            int coldCountMax) {}

    static TargetFigures of(TargetResult target) {
        var requests = target.requests();
        Optional<Percentiles> cold = measured(requests.latencyMs().cold());
        List<Double> inits = initDurations(target);
        Optional<Integer> peakPoolServers = pool(target)
                .filter(p -> !p.samples().isEmpty())
                .map(p ->
                        p.samples().stream().mapToInt(PoolSample::servers).max().orElse(0));
        Optional<LambdaExtras> lambda = target.extras().lambda();
        return new TargetFigures(
                target.name(),
                requests.requests(),
                requests.errors(),
                requests.errorRatio(),
                measured(requests.latencyMs().all()),
                measured(requests.latencyMs().warm()),
                requests.latencyMs().cold().count(),
                cold,
                inits.size(),
                nearestRank(inits, 50),
                nearestRank(inits, 99),
                target.peakConnections(),
                requests.meanThroughputRps(),
                lambda.map(LambdaExtras::throttles)
                        .or(() -> collectedMetric(target, "Throttles").map(s -> (long) s.sum())),
                lambda.map(LambdaExtras::environmentsPeak)
                        .or(() ->
                                collectedMetric(target, "ConcurrentExecutions").map(s -> (int) s.max())),
                pool(target).map(PgBouncerExtras::poolSize),
                peakPoolServers,
                target.budget().map(b -> b.predicted()),
                target.budget().map(b -> b.measuredWithin()));
    }

    static Axes axes(Results results) {
        List<TargetResult> targets = results.targets();
        double timeMax = max(targets.stream()
                .flatMap(t -> Stream.concat(
                        timeline(t).map(s -> (double) s.t() + 1),
                        Stream.concat(
                                t.connections().stream().map(ConnectionSample::t),
                                poolSamples(t).stream().map(PoolSample::t)))));
        double rpsMax = max(timeline(targets).map(s -> (double) s.requests()));
        double latencyMax = max(Stream.concat(
                targets.stream()
                        .flatMap(t -> Stream.of(
                                t.requests().latencyMs().warm(),
                                t.requests().latencyMs().cold()))
                        .map(Percentiles::max),
                timeline(targets)
                        .flatMap(s -> Stream.of(s.p50(), s.p95(), s.p99()))
                        .flatMap(Optional::stream)));
        double connectionsMax = Math.max(
                results.run().maxConnections(),
                max(targets.stream()
                        .flatMap(t -> Stream.of(
                                (double) peakConnections(t),
                                t.budget().map(b -> (double) b.predicted()).orElse(0.0)))));
        double poolMax = max(targets.stream()
                .flatMap(t -> Stream.concat(
                        poolSamples(t).stream()
                                .flatMap(s -> Stream.of(s.clientsActive() + s.clientsWaiting(), s.servers()))
                                .map(Integer::doubleValue),
                        pool(t).map(p -> (double) p.poolSize()).stream())));
        double coldMax = max(targets.stream()
                .flatMap(t -> Stream.concat(
                        t.requests().coldLatenciesMs().stream().map(Long::doubleValue),
                        Stream.concat(initDurations(t).stream(), restoreDurations(t).stream()))));
        long width = binWidth(coldMax);
        int bins = coldMax <= 0 ? 0 : (int) (Math.floor(coldMax / width) + 1);
        int countMax = targets.stream()
                .flatMap(t -> Stream.of(
                        histogram(t.requests().coldLatenciesMs(), width, bins),
                        histogram(initDurations(t), width, bins),
                        histogram(restoreDurations(t), width, bins)))
                .flatMapToInt(java.util.Arrays::stream)
                .max()
                .orElse(0);
        return new Axes(timeMax, rpsMax, latencyMax, connectionsMax, poolMax, width, bins, countMax);
    }

    /** Counts of values per bin {@code [i × width, (i + 1) × width)}, for {@code bins} bins. */
    static int[] histogram(Collection<? extends Number> values, long width, int bins) {
        int[] counts = new int[bins];
        for (Number v : values) {
            int bin = (int) Math.min(bins - 1, Math.floor(v.doubleValue() / width));
            counts[Math.max(0, bin)]++;
        }
        return counts;
    }

    /** The smallest round bin width that covers {@code max} in at most {@link #MAX_BINS} bins. */
    static long binWidth(double max) {
        for (long w : BIN_WIDTHS_MS) {
            if (Math.floor(max / w) + 1 <= MAX_BINS) {
                return w;
            }
        }
        return (long) Math.ceil(max / MAX_BINS / 10_000) * 10_000;
    }

    /** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
    static OptionalDouble nearestRank(List<Double> values, double p) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return OptionalDouble.of(sorted.get(Math.max(0, rank - 1)));
    }

    /** Restore Duration (ms, as in REPORT) of each cold start that was a SnapStart restore. */
    static List<Double> restoreDurations(TargetResult target) {
        return invocations(target).stream()
                .flatMap(i -> i.restore().stream())
                .map(Restore::restoreMs)
                .toList();
    }

    /** Billed Restore Duration (ms, as in REPORT) of each restore. */
    static List<Double> billedRestoreDurations(TargetResult target) {
        return invocations(target).stream()
                .flatMap(i -> i.restore().stream())
                .map(r -> (double) r.billedRestoreMs())
                .toList();
    }

    /** Cold invocations that were an on-demand init (not a restore), finished or not. */
    static long onDemandInits(TargetResult target) {
        return invocations(target).stream()
                .filter(i -> i.cold() && !i.restored())
                .count();
    }

    /**
     * One target with SnapStart against one without, from the same run: the ratio of their client-observed cold p50s.
     *
     * @param snapStart the target whose cold starts were restores
     * @param onDemand the Lambda target whose cold starts were on-demand inits
     */
    record ColdRatio(String snapStart, double snapStartColdP50Ms, String onDemand, double onDemandColdP50Ms) {

        double ratio() {
            return snapStartColdP50Ms / onDemandColdP50Ms;
        }

        String sentence() {
            return String.format(
                    Locale.US,
                    "%s's client-observed cold p50 (SnapStart restores) is %s, %s's (on-demand inits) %s in the same"
                            + " run: a ratio of %.2f.",
                    snapStart,
                    Format.ms(snapStartColdP50Ms),
                    onDemand,
                    Format.ms(onDemandColdP50Ms),
                    ratio());
        }
    }

    /**
     * Each Lambda target with SnapStart paired with each one without, where both measured cold requests: how much the
     * snapshot changed what a client waits for on a cold start.
     */
    static List<ColdRatio> coldRatios(Results results) {
        List<TargetResult> lambdas = results.targets().stream()
                .filter(t -> t.extras().lambda().isPresent())
                .filter(t -> t.requests().latencyMs().cold().count() > 0)
                .toList();
        List<ColdRatio> ratios = new ArrayList<>();
        for (TargetResult snapStart : lambdas) {
            if (snapStart.extras().lambda().orElseThrow().snapStart().isEmpty()) {
                continue;
            }
            for (TargetResult onDemand : lambdas) {
                if (onDemand.extras().lambda().orElseThrow().snapStart().isEmpty()
                        && onDemand.requests().latencyMs().cold().p50() > 0) {
                    ratios.add(new ColdRatio(
                            snapStart.name(),
                            snapStart.requests().latencyMs().cold().p50(),
                            onDemand.name(),
                            onDemand.requests().latencyMs().cold().p50()));
                }
            }
        }
        return ratios;
    }

    /**
     * Init Duration (ms) of each cold invocation whose init finished: one the API gave up on while its environment was
     * still initialising reported none (it is recorded as 0).
     */
    static List<Double> initDurations(TargetResult target) {
        return invocations(target).stream()
                .filter(Invocation::cold)
                .map(Invocation::initMs)
                .filter(ms -> ms > 0)
                .toList();
    }

    /** Duration (ms, as in REPORT) of each invocation the function ran: none for a throttle or an unfinished init. */
    static List<Double> durations(TargetResult target) {
        return invocations(target).stream()
                .filter(i -> i.outcome() != InvocationOutcome.THROTTLED)
                .map(Invocation::durationMs)
                .filter(ms -> ms > 0)
                .toList();
    }

    static List<Invocation> invocations(TargetResult target) {
        return target.extras().lambda().map(LambdaExtras::invocations).orElse(List.of());
    }

    /** What the platform said of a deployment the lab does not run, where the run collected it. */
    static Optional<Collected> collected(TargetResult target) {
        return target.extras().collected();
    }

    /** The function's REPORT figures and metrics, collected from CloudWatch. */
    static Optional<CollectedLambda> collectedLambda(TargetResult target) {
        return collected(target).flatMap(Collected::lambda);
    }

    /** The RDS Proxy's metrics, collected from CloudWatch. */
    static Optional<CollectedProxy> collectedProxy(TargetResult target) {
        return collected(target).flatMap(Collected::proxy);
    }

    /** A deployment's CloudWatch metrics: its function's, then its proxy's. */
    static List<MetricSeries> cloudWatchMetrics(TargetResult target) {
        List<MetricSeries> metrics = new ArrayList<>();
        collectedLambda(target).ifPresent(l -> metrics.addAll(l.metrics()));
        collectedProxy(target).ifPresent(p -> metrics.addAll(p.metrics()));
        return metrics;
    }

    /** A collected Lambda metric by its name. */
    static Optional<MetricSeries> collectedMetric(TargetResult target, String metric) {
        return collectedLambda(target)
                .flatMap(l -> l.metrics().stream()
                        .filter(s -> s.metric().equals(metric))
                        .findFirst());
    }

    /** A collected RDS Proxy metric by its name. */
    static Optional<MetricSeries> proxyMetric(TargetResult target, String metric) {
        return collectedProxy(target)
                .flatMap(p -> p.metrics().stream()
                        .filter(s -> s.metric().equals(metric))
                        .findFirst());
    }

    static Optional<PgBouncerExtras> pool(TargetResult target) {
        return target.extras().pgbouncer();
    }

    static List<PoolSample> poolSamples(TargetResult target) {
        return pool(target).map(PgBouncerExtras::samples).orElse(List.of());
    }

    /** The lab's peak where it owns the database; 0 for an axis where it sampled nothing. */
    static int peakConnections(TargetResult target) {
        return target.peakConnections().orElse(0);
    }

    /** Percentiles of at least one request. */
    static Optional<Percentiles> measured(Percentiles percentiles) {
        return Optional.of(percentiles).filter(p -> p.count() > 0);
    }

    static boolean hasPercentiles(Second second) {
        return second.p50().isPresent()
                || second.p95().isPresent()
                || second.p99().isPresent();
    }

    static boolean hasPerSecondPercentiles(Results results) {
        return timeline(results.targets()).anyMatch(Figures::hasPercentiles);
    }

    static boolean hasPerSecondCauses(Results results) {
        return timeline(results.targets()).anyMatch(s -> !s.errorsByCause().isEmpty());
    }

    private static Stream<Second> timeline(List<TargetResult> targets) {
        return targets.stream().flatMap(t -> t.requests().timeline().stream());
    }

    private static Stream<Second> timeline(TargetResult target) {
        return target.requests().timeline().stream();
    }

    private static double max(Stream<? extends Number> values) {
        return values.filter(v -> v != null)
                .mapToDouble(Number::doubleValue)
                .max()
                .orElse(0);
    }
}
