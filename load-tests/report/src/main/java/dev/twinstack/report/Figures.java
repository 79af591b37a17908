package dev.twinstack.report;

import dev.twinstack.report.ResultsFile.Invocation;
import dev.twinstack.report.ResultsFile.Percentiles;
import dev.twinstack.report.ResultsFile.TargetResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    /** The local Lambda service's outcome of an invocation rejected for concurrency. */
    private static final String THROTTLED = "THROTTLED";

    private Figures() {}

    /** The summary of one target; absent values were not measured for this target. */
    record TargetFigures(
            String name,
            long requests,
            long errors,
            double errorRatio,
            Optional<Percentiles> warm,
            long coldStarts,
            Optional<Percentiles> cold,
            int initCount,
            OptionalDouble initP50Ms,
            OptionalDouble initP99Ms,
            int peakConnections,
            double meanThroughputRps,
            Optional<Long> throttles,
            Optional<Integer> environmentsPeak,
            Optional<Integer> poolSize,
            Optional<Integer> peakPoolServers,
            Optional<Integer> predictedConnections,
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
        Optional<Percentiles> warm = latency(target, "warm");
        Optional<Percentiles> cold = latency(target, "cold");
        List<Double> inits = initDurations(target);
        Optional<Integer> predicted = Optional.ofNullable(target.budget()).map(ResultsFile.Budget::predicted);
        int peak = peakConnections(target);
        var extras = target.extras();
        Optional<Integer> peakPoolServers = extras.pgbouncer().isEmpty()
                ? Optional.empty()
                : Optional.of(extras.pgbouncer().stream()
                        .mapToInt(s -> s.serversActive() + s.serversIdle() + s.serversUsed())
                        .max()
                        .orElse(0));
        return new TargetFigures(
                target.name(),
                requests == null ? 0 : requests.requests(),
                requests == null ? 0 : requests.errors(),
                requests == null ? 0 : requests.errorRatio(),
                warm,
                cold.map(Percentiles::count).orElse(0L),
                cold.filter(p -> p.count() > 0),
                inits.size(),
                nearestRank(inits, 50),
                nearestRank(inits, 99),
                peak,
                requests == null ? 0 : requests.meanThroughputRps(),
                throttles(extras),
                Optional.ofNullable(extras.environmentsPeak()),
                Optional.ofNullable(extras.poolSize()),
                peakPoolServers,
                predicted,
                // The lab's own verdict where it wrote one (it fails the run on a breach), else the same comparison.
                Optional.ofNullable(target.budget())
                        .map(ResultsFile.Budget::measuredWithin)
                        .or(() -> predicted.map(p -> peak <= p)));
    }

    static Axes axes(ResultsFile results) {
        List<TargetResult> targets = results.targets();
        double timeMax = max(targets.stream()
                .flatMap(t -> Stream.concat(
                        timeline(t).map(s -> (double) s.t() + 1),
                        Stream.concat(
                                t.connections().stream().map(ResultsFile.ConnectionSample::t),
                                t.extras().pgbouncer().stream().map(ResultsFile.PoolSample::t)))));
        double rpsMax = max(timeline(targets).map(s -> (double) s.requests()));
        double latencyMax = max(Stream.concat(
                targets.stream()
                        .flatMap(t -> Stream.of(latency(t, "warm"), latency(t, "cold")))
                        .flatMap(Optional::stream)
                        .map(Percentiles::max),
                timeline(targets).flatMap(s -> Stream.of(s.p50(), s.p95(), s.p99()))));
        int maxConnections = results.run() == null || results.run().maxConnections() == null
                ? 0
                : results.run().maxConnections();
        double connectionsMax = Math.max(
                maxConnections,
                max(targets.stream()
                        .flatMap(t -> Stream.of(
                                (double) peakConnections(t),
                                t.budget() == null || t.budget().predicted() == null
                                        ? 0.0
                                        : (double) t.budget().predicted()))));
        double poolMax = max(targets.stream()
                .flatMap(t -> Stream.concat(
                        t.extras().pgbouncer().stream()
                                .flatMap(s -> Stream.of(
                                        s.clientsActive() + s.clientsWaiting(),
                                        s.serversActive() + s.serversIdle() + s.serversUsed()))
                                .map(Integer::doubleValue),
                        Optional.ofNullable(t.extras().poolSize()).stream().map(Integer::doubleValue))));
        double coldMax = max(targets.stream()
                .flatMap(t -> Stream.concat(
                        t.requests() == null
                                ? Stream.empty()
                                : t.requests().coldLatenciesMs().stream().map(Long::doubleValue),
                        initDurations(t).stream())));
        long width = binWidth(coldMax);
        int bins = coldMax <= 0 ? 0 : (int) (Math.floor(coldMax / width) + 1);
        int countMax = targets.stream()
                .flatMap(t -> Stream.of(
                        histogram(
                                t.requests() == null
                                        ? List.<Long>of()
                                        : t.requests().coldLatenciesMs(),
                                width,
                                bins),
                        histogram(initDurations(t), width, bins)))
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

    /** The Lambda service's throttle count, or the throttled invocation records where it gave no count. */
    static Optional<Long> throttles(ResultsFile.Extras extras) {
        if (extras.throttles() != null || extras.invocations().isEmpty()) {
            return Optional.ofNullable(extras.throttles());
        }
        return Optional.of(extras.invocations().stream()
                .filter(i -> THROTTLED.equals(i.outcome()))
                .count());
    }

    /** Init Duration (ms) of each cold invocation that reported one. */
    static List<Double> initDurations(TargetResult target) {
        return target.extras().invocations().stream()
                .filter(Invocation::cold)
                .map(Invocation::initMs)
                .filter(v -> v != null)
                .toList();
    }

    /** The lab's peak, or the peak of the samples when an older file lacks it. */
    static int peakConnections(TargetResult target) {
        if (target.peakConnections() != null) {
            return target.peakConnections();
        }
        return target.connections().stream()
                .mapToInt(ResultsFile.ConnectionSample::total)
                .max()
                .orElse(0);
    }

    static Optional<Percentiles> latency(TargetResult target, String kind) {
        return Optional.ofNullable(target.requests()).map(r -> r.latencyMs().get(kind));
    }

    static boolean hasPerSecondPercentiles(ResultsFile results) {
        return timeline(results.targets()).anyMatch(ResultsFile.Second::hasPercentiles);
    }

    static boolean hasPerSecondCauses(ResultsFile results) {
        return timeline(results.targets()).anyMatch(s -> s.errorsByCause() != null);
    }

    private static Stream<ResultsFile.Second> timeline(List<TargetResult> targets) {
        return targets.stream().flatMap(Figures::timeline);
    }

    private static Stream<ResultsFile.Second> timeline(TargetResult target) {
        return target.requests() == null ? Stream.empty() : target.requests().timeline().stream();
    }

    private static double max(Stream<? extends Number> values) {
        return values.filter(v -> v != null)
                .mapToDouble(Number::doubleValue)
                .max()
                .orElse(0);
    }
}
