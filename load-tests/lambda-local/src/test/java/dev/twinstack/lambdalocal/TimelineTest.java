package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.lambdalocal.Timeline.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every duration the service reports is derived from an invocation's timeline. */
class TimelineTest {

    private static final Instant NEW_YEAR = Instant.parse("2025-01-01T00:00:00Z");
    private static final long NEW_YEAR_MICROS = NEW_YEAR.getEpochSecond() * 1_000_000;
    /** The service's clock: System.nanoTime() read 5 s into the new year. */
    private static final Timeline.Origin ORIGIN = new Timeline.Origin(NEW_YEAR.plusSeconds(5), 5_000_000_000L);

    private static final long RECEIVED = 10_000_000_000L;

    @Test
    void derivesAWarmInvocationsDurationLatencyAndOverhead() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-1", Event.ROUTED, RECEIVED + ms(0.1))
                .then(Event.DELIVERED, RECEIVED + ms(0.2))
                .then(Event.RETURNED, RECEIVED + ms(10.2))
                .then(Event.REPLIED, RECEIVED + ms(10.5));

        assertFalse(timeline.cold());
        assertEquals("env-1", timeline.environmentId());
        assertEquals(0, timeline.initMs());
        assertEquals(10.0, timeline.durationMs(), 1e-9);
        assertEquals(10.5, timeline.latencyMs(), 1e-9);
        assertEquals(0.5, timeline.overheadMs(), 1e-9);
        assertEquals(NEW_YEAR.plusSeconds(10), timeline.receivedAt());
    }

    @Test
    void leavesAColdStartsInitOutOfTheServicesOverhead() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-2", Event.COLD_START, RECEIVED + ms(1))
                .then(Event.INITIALIZED, RECEIVED + ms(2001))
                .then(Event.DELIVERED, RECEIVED + ms(2001.3))
                .then(Event.RETURNED, RECEIVED + ms(2041.3))
                .then(Event.REPLIED, RECEIVED + ms(2041.5));

        assertTrue(timeline.cold());
        assertEquals(2000.0, timeline.initMs(), 1e-9);
        assertEquals(40.0, timeline.durationMs(), 1e-9);
        assertEquals(2041.5, timeline.latencyMs(), 1e-9);
        assertEquals(0.5, timeline.overheadMs(), 1e-9);
    }

    @Test
    void givesARestoreItsRestoreDurationAndBillsOnlyTheRuntimesPartOfIt() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-3", Event.RESTORED, RECEIVED + ms(0.1))
                .then(Event.RESUMED, RECEIVED + ms(208.1))
                .then(Event.INITIALIZED, RECEIVED + ms(511.35))
                .then(Event.DELIVERED, RECEIVED + ms(511.5))
                .then(Event.RETURNED, RECEIVED + ms(817.84))
                .then(Event.REPLIED, RECEIVED + ms(818));

        assertTrue(timeline.cold());
        assertTrue(timeline.restored());
        assertEquals(0, timeline.initMs());
        assertEquals(511.25, timeline.restoreMs(), 1e-9);
        assertEquals(304, timeline.billedRestoreMs(), "303.25 ms of after-restore hooks, rounded up");
        assertEquals(306.34, timeline.durationMs(), 1e-9);
        assertEquals(307 + 304, timeline.billedMs(), "Billed Duration includes Billed Restore Duration");
        assertEquals(0, timeline.snapshotWaitMs(), "a copy was ready");
        assertEquals(NEW_YEAR_MICROS + 10_000_100, timeline.startEpochMicros());
    }

    @Test
    void measuresTheWaitForASnapshotCopyWhenNoneWasReady() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .then(Event.SNAPSHOT_AWAITED, RECEIVED + ms(0.2))
                .takenBy("env-5", Event.RESTORED, RECEIVED + ms(2000.2));

        assertEquals(2000.0, timeline.snapshotWaitMs(), 1e-9);
        assertEquals(NEW_YEAR_MICROS + 12_000_200, timeline.startEpochMicros());
    }

    @Test
    void billsAnOnDemandColdStartsInit() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-2", Event.COLD_START, RECEIVED)
                .then(Event.INITIALIZED, RECEIVED + ms(3312.8))
                .then(Event.DELIVERED, RECEIVED + ms(3313))
                .then(Event.RETURNED, RECEIVED + ms(3353.5));

        assertEquals(3354, timeline.billedMs());
    }

    @Test
    void countsAnInitThatRanAgainInsideTheInvocationAsItsDuration() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-4", Event.COLD_START, RECEIVED)
                .then(Event.INIT_RERUN, RECEIVED + ms(10_000))
                .then(Event.INITIALIZED, RECEIVED + ms(12_000))
                .then(Event.DELIVERED, RECEIVED + ms(12_000.5))
                .then(Event.RETURNED, RECEIVED + ms(12_040));

        assertTrue(timeline.cold());
        assertEquals(0, timeline.initMs(), "no Init Duration: the init ran in the invoke phase");
        assertEquals(2040.0, timeline.durationMs(), 1e-9);
        assertEquals(2040, timeline.billedMs());
    }

    @Test
    void placesAnInvocationInEpochMicrosecondsFromTheEnvironmentTakingItToItsEnd() {
        var warm = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-1", Event.ROUTED, RECEIVED + 1_500)
                .then(Event.DELIVERED, RECEIVED + 2_000)
                .then(Event.RETURNED, RECEIVED + ms(3));
        var cold = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-2", Event.COLD_START, RECEIVED + ms(1))
                .then(Event.ABORTED, RECEIVED + ms(500));

        assertEquals(NEW_YEAR_MICROS + 10_000_001, warm.startEpochMicros());
        assertEquals(NEW_YEAR_MICROS + 10_003_000, warm.endEpochMicros());
        assertEquals(NEW_YEAR_MICROS + 10_001_000, cold.startEpochMicros());
        assertEquals(NEW_YEAR_MICROS + 10_500_000, cold.endEpochMicros());
    }

    @Test
    void givesAThrottledInvocationNoEnvironmentTimeAndNoOverhead() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .then(Event.THROTTLED, RECEIVED + ms(0.05))
                .then(Event.REPLIED, RECEIVED + ms(0.2));

        assertNull(timeline.environmentId());
        assertNull(timeline.startEpochMicros());
        assertNull(timeline.endEpochMicros());
        assertEquals(0, timeline.durationMs());
        assertEquals(0, timeline.overheadMs());
        assertEquals(0.2, timeline.latencyMs(), 1e-9);
    }

    @Test
    void keepsTheFunctionsWholeRunWhenTheClientWasAnsweredFirst() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-1", Event.ROUTED, RECEIVED + ms(0.1))
                .then(Event.DELIVERED, RECEIVED + ms(0.2))
                .then(Event.REPLIED, RECEIVED + ms(30_000))
                .then(Event.RETURNED, RECEIVED + ms(31_000.2));

        assertEquals(31_000.0, timeline.durationMs(), 1e-9);
        assertEquals(30_000.0, timeline.latencyMs(), 1e-9);
        assertEquals(0, timeline.overheadMs(), "the reply did not wait for the function");
    }

    @Test
    void keepsMarksFromSeveralThreadsInTimeOrder() {
        var timeline = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-1", Event.ROUTED, RECEIVED + 10)
                .then(Event.DELIVERED, RECEIVED + 30)
                .then(Event.REPLIED, RECEIVED + 50)
                .then(Event.RETURNED, RECEIVED + 40);

        assertEquals(
                List.of(Event.RECEIVED, Event.ROUTED, Event.DELIVERED, Event.RETURNED, Event.REPLIED),
                timeline.marks().stream().map(Timeline.Mark::event).toList());
    }

    @Test
    void refusesAnEventTwiceASecondEndingAndASecondEnvironment() {
        var delivered = Timeline.received(ORIGIN, RECEIVED)
                .takenBy("env-1", Event.ROUTED, RECEIVED + 1)
                .then(Event.DELIVERED, RECEIVED + 2);
        var returned = delivered.then(Event.RETURNED, RECEIVED + 3);

        assertThrows(IllegalStateException.class, () -> delivered.then(Event.DELIVERED, RECEIVED + 4));
        assertThrows(IllegalStateException.class, () -> returned.then(Event.ABORTED, RECEIVED + 4));
        assertThrows(IllegalStateException.class, () -> delivered.takenBy("env-2", Event.COLD_START, RECEIVED + 4));
        assertThrows(IllegalArgumentException.class, () -> delivered.then(Event.ROUTED, RECEIVED + 4));
    }

    @Test
    void isNotChangedByALaterMark() {
        var received = Timeline.received(ORIGIN, RECEIVED);

        received.then(Event.THROTTLED, RECEIVED + 1);

        assertEquals(1, received.marks().size());
        assertTrue(received.ended().isEmpty());
    }

    private static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }
}
