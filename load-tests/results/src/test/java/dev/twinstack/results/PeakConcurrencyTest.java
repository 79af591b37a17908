package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Peak concurrent environments from invocation intervals [receipt, receipt + latency), worked by hand. */
class PeakConcurrencyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T21:30:00Z");

    @Test
    void countsOneForInvocationsOneAfterAnother() {
        assertEquals(1, Invocation.peakConcurrency(List.of(served(0, 100), served(200, 50), served(300, 10))));
    }

    @Test
    void handsTheEnvironmentOnWhenOneEndsAsTheNextStarts() {
        // [0, 100) and [100, 150) touch at 100 ms: one environment serves both.
        assertEquals(1, Invocation.peakConcurrency(List.of(served(0, 100), served(100, 50))));
    }

    @Test
    void countsBothWhenTheyOverlapByAMillisecond() {
        assertEquals(2, Invocation.peakConcurrency(List.of(served(0, 100), served(99, 50))));
    }

    @Test
    void countsNestedInvocationsAtOnce() {
        // [0, 1000) holds [100, 900), which holds [200, 300) and [400, 500): 3 at most, at 200 and again at 400.
        assertEquals(
                3,
                Invocation.peakConcurrency(
                        List.of(served(0, 1000), served(100, 800), served(200, 100), served(400, 100))));
    }

    @Test
    void takesThePeakWhereTheMostOverlap() {
        // [0, 300), [100, 400), [200, 500): all three at 200..300; then [450, 600) meets only [200, 500).
        assertEquals(
                3,
                Invocation.peakConcurrency(
                        List.of(served(450, 150), served(200, 300), served(0, 300), served(100, 300))));
    }

    @Test
    void leavesOutThrottledInvocationsWhichNeverHeldAnEnvironment() {
        assertEquals(1, Invocation.peakConcurrency(List.of(served(0, 1000), throttled(100, 2), throttled(200, 3))));
    }

    @Test
    void isZeroWithoutInvocations() {
        assertEquals(0, Invocation.peakConcurrency(List.of()));
        assertEquals(0, Invocation.peakConcurrency(List.of(throttled(0, 1))));
    }

    @Test
    void keepsFractionsOfAMillisecond() {
        // [0, 100.4) and [100.2, 110): they overlap by 0.2 ms.
        assertEquals(2, Invocation.peakConcurrency(List.of(served(0, 100.4), served(100.2, 9.8))));
    }

    @Test
    void countsTheEnvironmentsHeldWhereTheRecordsSayNotTheFrontsReplies() {
        // The front answered the first client 200 ms after its environment took the second invocation.
        Invocation first = held(served(0, 1_000), 50, 800);
        Invocation second = held(served(810, 100), 810, 900);

        assertEquals(1, Invocation.peakConcurrency(List.of(first, second)));
    }

    private static Invocation held(Invocation i, double fromMs, double untilMs) {
        return new Invocation(
                i.time(),
                i.requestId(),
                i.environmentId(),
                i.cold(),
                i.initMs(),
                i.restore(),
                i.durationMs(),
                i.latencyMs(),
                i.overheadMs(),
                i.status(),
                i.outcome(),
                i.cause(),
                Optional.of(T0.plusNanos(Math.round(fromMs * 1_000_000))),
                Optional.of(T0.plusNanos(Math.round(untilMs * 1_000_000))));
    }

    private static Invocation served(double startMs, double latencyMs) {
        return invocation(startMs, latencyMs, InvocationOutcome.SUCCESS);
    }

    private static Invocation throttled(double startMs, double latencyMs) {
        return invocation(startMs, latencyMs, InvocationOutcome.THROTTLED);
    }

    private static Invocation invocation(double startMs, double latencyMs, InvocationOutcome outcome) {
        return new Invocation(
                T0.plusNanos(Math.round(startMs * 1_000_000)),
                "req",
                outcome == InvocationOutcome.THROTTLED ? Optional.empty() : Optional.of("env"),
                false,
                0,
                Optional.empty(),
                latencyMs,
                latencyMs,
                0,
                outcome == InvocationOutcome.THROTTLED ? 500 : 200,
                outcome,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
