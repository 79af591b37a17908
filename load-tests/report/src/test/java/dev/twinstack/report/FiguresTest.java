package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Extras;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.Results;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The figures the report computes itself: shared axes, cold-start bins and nearest-rank percentiles. */
class FiguresTest {

    @Test
    void sharesAxisRangesAcrossTargets() throws IOException {
        Figures.Axes axes = Figures.axes(Fixtures.read(Fixtures.THREE_TARGETS));

        // timeline t = 0..15 s, so the last second ends at 16 s; connection samples end at 15.1 s.
        assertEquals(16.0, axes.timeMaxS());
        // k8s sends 7 requests in second 12.
        assertEquals(7.0, axes.requestsPerSecondMax());
        // k8s's slowest cold request.
        assertEquals(6_859.0, axes.latencyMaxMs());
        // max_connections 40 is above every peak (3, 2, 20) and prediction (10, 4, 35).
        assertEquals(40.0, axes.connectionsMax());
        // pool_size 4 is above 3 active clients and 2 server connections.
        assertEquals(4.0, axes.poolMax());
    }

    @Test
    void binsColdStartsInWholeSecondsUpToTheSlowest() throws IOException {
        Figures.Axes axes = Figures.axes(Fixtures.read(Fixtures.THREE_TARGETS));

        // 6,859 ms needs 14 bins of 500 ms (too many) but 7 bins of 1,000 ms.
        assertEquals(1_000, axes.coldBinWidthMs());
        assertEquals(7, axes.coldBins());
        // lambda-ondemand's three Init Durations (2,350, 2,510, 2,700 ms) share the 2-3 s bin.
        assertEquals(3, axes.coldCountMax());
    }

    @Test
    void countsEachColdStartInItsBin() throws IOException {
        Results results = Fixtures.read(Fixtures.THREE_TARGETS);
        var lambda = results.targets().get(0);

        assertArrayEquals(
                new int[] {0, 0, 0, 2, 1, 0, 0},
                Figures.histogram(lambda.requests().coldLatenciesMs(), 1_000, 7));
        assertArrayEquals(
                new int[] {3, 0, 0, 0, 0, 0, 0}, Figures.histogram(Figures.restoreDurations(lambda), 1_000, 7));
        assertArrayEquals(
                new int[] {0, 0, 3, 0, 0, 0, 0},
                Figures.histogram(Figures.initDurations(results.targets().get(1)), 1_000, 7));
    }

    @Test
    void tellsRestoresFromOnDemandInits() throws IOException {
        Results results = Fixtures.read(Fixtures.THREE_TARGETS);
        var snapStart = results.targets().get(0);
        var onDemand = results.targets().get(1);

        assertEquals(List.of(310.5, 285.25, 342.0), Figures.restoreDurations(snapStart));
        assertEquals(List.of(12.0, 9.0, 15.0), Figures.billedRestoreDurations(snapStart));
        assertEquals(List.of(), Figures.initDurations(snapStart));
        assertEquals(0, Figures.onDemandInits(snapStart));
        assertEquals(List.of(), Figures.restoreDurations(onDemand));
        assertEquals(3, Figures.onDemandInits(onDemand));
    }

    @Test
    void comparesTheColdP50WithSnapStartToTheOneWithoutFromTheSameRun() throws IOException {
        var ratios = Figures.coldRatios(Fixtures.read(Fixtures.THREE_TARGETS));

        // lambda-direct 3,712 ms / lambda-ondemand 3,890 ms; k8s is not a Lambda target.
        assertEquals(1, ratios.size());
        assertEquals("lambda-direct", ratios.get(0).snapStart());
        assertEquals("lambda-ondemand", ratios.get(0).onDemand());
        assertEquals(3712.0 / 3890.0, ratios.get(0).ratio(), 1e-9);
        assertEquals(
                "lambda-direct's client-observed cold p50 (SnapStart restores) is 3,712 ms, lambda-ondemand's"
                        + " (on-demand inits) 3,890 ms in the same run: a ratio of 0.95.",
                ratios.get(0).sentence());
    }

    @Test
    void putsValuesBeyondTheLastBinIntoIt() {
        assertArrayEquals(new int[] {1, 0, 2}, Figures.histogram(List.of(0, 2_999, 9_000), 1_000, 3));
    }

    @Test
    void choosesTheSmallestRoundBinWidthThatFitsTwelveBins() {
        assertEquals(10, Figures.binWidth(50));
        assertEquals(250, Figures.binWidth(2_999));
        assertEquals(500, Figures.binWidth(3_000));
        assertEquals(10_000, Figures.binWidth(119_999));
        assertEquals(20_000, Figures.binWidth(130_000));
    }

    @Test
    void takesTheNearestRankPercentile() {
        List<Double> values = List.of(40.0, 10.0, 30.0, 20.0);

        assertEquals(OptionalDouble.of(20.0), Figures.nearestRank(values, 50));
        assertEquals(OptionalDouble.of(30.0), Figures.nearestRank(values, 75));
        assertEquals(OptionalDouble.of(40.0), Figures.nearestRank(values, 99));
        assertEquals(OptionalDouble.of(10.0), Figures.nearestRank(values, 0));
        assertTrue(Figures.nearestRank(List.of(), 50).isEmpty());
    }

    @Test
    void takesDurationsOfTheInvocationsThatRanAndLeavesOutThrottles() throws IOException {
        var lambda = Fixtures.read(Fixtures.THREE_TARGETS).targets().get(0);

        // 40 records, one of them THROTTLED (the 4th request): it never ran, so it has no duration.
        assertEquals(39, Figures.durations(lambda).size());
    }

    @Test
    void takesNoInitDurationOrDurationFromAnInvocationWhoseInitNeverFinished() throws IOException {
        var lambda = Fixtures.read(Fixtures.THREE_TARGETS).targets().get(1);
        LambdaExtras extras = lambda.extras().lambda().orElseThrow();
        // The API's integration timeout ran out while the environment was still initialising: cold, nothing reported.
        Invocation unfinished = new Invocation(
                Instant.parse("2026-11-23T21:30:20Z"),
                "req-unfinished",
                Optional.of("env-4"),
                true,
                0,
                Optional.empty(),
                0,
                30_000,
                0.1,
                503,
                InvocationOutcome.FUNCTION_ERROR,
                Optional.of("integration timeout after 30000 ms"),
                Optional.empty(),
                Optional.empty());
        List<Invocation> invocations = new ArrayList<>(extras.invocations());
        invocations.add(unfinished);
        var withUnfinished = Fixtures.with(
                lambda,
                lambda.peakConnections(),
                lambda.budget(),
                new Extras(Optional.of(LambdaExtras.of(invocations)), Optional.empty(), Optional.empty()));

        assertEquals(Figures.initDurations(lambda), Figures.initDurations(withUnfinished));
        assertEquals(Figures.durations(lambda), Figures.durations(withUnfinished));
    }

    @Test
    void roundsAxisMaximaUpToReadableNumbers() {
        assertEquals(50, Charts.niceCeiling(44));
        assertEquals(25, Charts.niceCeiling(22));
        assertEquals(10, Charts.niceCeiling(7.7));
        assertEquals(1, Charts.niceCeiling(0));
    }
}
