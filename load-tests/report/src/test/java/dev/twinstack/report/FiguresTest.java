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
        // lambda+proxy's three Init Durations (2,350, 2,510, 2,700 ms) share the 2-3 s bin.
        assertEquals(3, axes.coldCountMax());
    }

    @Test
    void countsEachColdStartInItsBin() throws IOException {
        Results results = Fixtures.read(Fixtures.THREE_TARGETS);
        var lambda = results.targets().get(0);

        assertArrayEquals(
                new int[] {0, 0, 0, 2, 1, 0, 0},
                Figures.histogram(lambda.requests().coldLatenciesMs(), 1_000, 7));
        assertArrayEquals(new int[] {0, 0, 3, 0, 0, 0, 0}, Figures.histogram(Figures.initDurations(lambda), 1_000, 7));
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
        var lambda = Fixtures.read(Fixtures.THREE_TARGETS).targets().get(0);
        LambdaExtras extras = lambda.extras().lambda().orElseThrow();
        // The API's integration timeout ran out while the environment was still initialising: cold, nothing reported.
        Invocation unfinished = new Invocation(
                Instant.parse("2026-11-23T21:30:20Z"),
                "req-unfinished",
                Optional.of("env-4"),
                true,
                0,
                0,
                30_000,
                0.1,
                503,
                InvocationOutcome.FUNCTION_ERROR,
                Optional.of("integration timeout after 30000 ms"));
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
