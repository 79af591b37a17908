package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.results.Drill;
import dev.twinstack.results.DrillVerdict;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.RequestRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A drill's window read from the request log: what is counted, recovery, and the verdict. */
class DrillWindowTest {

    private static final long START = 1_795_000_010_000L;
    private static final long END = START + 10_000;
    private static final long LOAD_START = START - 15_000;
    private static final DrillWindow.Fault OUTAGE =
            new DrillWindow.Fault(DrillKind.DB_FAILOVER, START, END, List.of("+0.01 s: port closed"), true);

    @Test
    void countsTheFailuresOfTheWindowByCauseAndByStatusWithAndWithoutRetryAfter() {
        List<RequestRecord> log = List.of(
                ok(START - 500),
                failed(START + 100, 503, true),
                failed(START + 200, 503, true),
                failed(START + 9_000, 503, false),
                failed(START + 9_500, 0, false),
                ok(END + 300));

        Drill drill = DrillWindow.of(OUTAGE, LOAD_START, log, r -> ErrorCause.ofStatus(r.status()));

        assertEquals(5, drill.requests());
        assertEquals(4, drill.errors());
        assertEquals(Map.of(ErrorCause.SATURATION, 3L, ErrorCause.NO_RESPONSE, 1L), drill.errorsByCause());
        assertEquals(
                List.of(
                        new Drill.StatusCount(0, false, 1),
                        new Drill.StatusCount(503, false, 1),
                        new Drill.StatusCount(503, true, 2)),
                drill.errorsByStatus());
    }

    @Test
    void recoversAtTheFirstSuccessAfterTheFaultEnds() {
        List<RequestRecord> log =
                List.of(ok(START + 5_000), failed(END + 100, 503, true), ok(END + 750), ok(END + 900));

        Drill drill = DrillWindow.of(OUTAGE, LOAD_START, log, r -> ErrorCause.ofStatus(r.status()));

        assertEquals(Optional.of(750L), drill.recoveryMs());
        assertEquals(15.0, drill.startS());
        assertEquals(25.0, drill.endS());
        assertEquals(DrillVerdict.RECOVERED, drill.verdict());
    }

    @Test
    void countsFailuresUntilTheRecoveryWhenItComesAfterTheTail() {
        List<RequestRecord> log =
                List.of(failed(END + 4_000, 0, false), ok(END + 6_000), failed(END + 6_500, 0, false));

        Drill drill = DrillWindow.of(OUTAGE, LOAD_START, log, r -> ErrorCause.ofStatus(r.status()));

        assertEquals(2, drill.requests());
        assertEquals(1, drill.errors());
        assertEquals(Optional.of(6_000L), drill.recoveryMs());
    }

    @Test
    void countsAnswersToRequestsInFlightWithinTheTailAfterAQuickRecovery() {
        List<RequestRecord> log =
                List.of(ok(END + 10), failed(END + 1_500, 502, false), failed(END + 2_500, 502, false));

        Drill drill = DrillWindow.of(OUTAGE, LOAD_START, log, r -> ErrorCause.ofStatus(r.status()));

        assertEquals(1, drill.errors());
    }

    @Test
    void failsADrillWhoseFaultWasNotObservedWhateverTheErrors() {
        var unseen = new DrillWindow.Fault(DrillKind.KILL_POD, START, END, List.of("no replica was ready"), false);

        Drill drill = DrillWindow.of(
                unseen,
                LOAD_START,
                List.of(failed(START + 10, 0, false), ok(END + 5)),
                r -> ErrorCause.ofStatus(r.status()));

        assertEquals(DrillVerdict.FAULT_NOT_OBSERVED, drill.verdict());
    }

    @Test
    void saysNotRecoveredWhenNothingSucceededAfterTheFault() {
        Drill drill = DrillWindow.of(
                OUTAGE,
                LOAD_START,
                List.of(ok(START - 10), failed(END + 50, 503, false)),
                r -> ErrorCause.ofStatus(r.status()));

        assertEquals(Optional.empty(), drill.recoveryMs());
        assertEquals(DrillVerdict.NOT_RECOVERED, drill.verdict());
        assertEquals(1, drill.errors());
    }

    @Test
    void asksEachRequestsCauseOnceInTheOrderTheyEnded() {
        List<RequestRecord> asked = new java.util.ArrayList<>();
        RequestRecord late = failed(START + 2, 500, false);
        RequestRecord early = ok(START + 1);

        var causes = DrillWindow.once(List.of(late, early), r -> {
            asked.add(r);
            return ErrorCause.ofStatus(r.status());
        });
        causes.apply(late);
        causes.apply(late);

        assertEquals(List.of(early, late), asked);
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), causes.apply(late));
    }

    @Test
    void addsTheTargetsOwnEventsOfADatabaseDrillInTimeOrder() {
        var events = List.of(
                new Target.Event(START - 1_000, "replica 0 ready"),
                new Target.Event(START + 7_500, "replica 0 unready (2 readiness probes failed)"),
                new Target.Event(END + 4_000, "replica 0 back in the front's rotation"),
                new Target.Event(END + 20_000, "replica 1 unready (2 readiness probes failed)"));

        var fault = OUTAGE.withEvents(events, 10_000);

        assertEquals(
                List.of(
                        "+0.01 s: port closed",
                        "+7.50 s: replica 0 unready (2 readiness probes failed)",
                        "+14.00 s: replica 0 back in the front's rotation"),
                fault.observed());
    }

    @Test
    void leavesTheObservationsOfADrillTheLabCausesInTheTargetAsTheyAre() {
        var kill = new DrillWindow.Fault(DrillKind.KILL_POD, START, END, List.of("+0.00 s: SIGKILL"), true);

        assertEquals(kill, kill.withEvents(List.of(new Target.Event(START + 10, "replica 0 unready")), 10_000));
    }

    private static RequestRecord ok(long at) {
        return new RequestRecord(at, "find user", 200, Optional.of(5L), false);
    }

    private static RequestRecord failed(long at, int status, boolean retryAfter) {
        return new RequestRecord(at, "place order", status, Optional.of(5L), false, Optional.empty(), retryAfter);
    }
}
