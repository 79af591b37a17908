package dev.twinstack.lab;

import dev.twinstack.results.Drill;
import dev.twinstack.results.DrillVerdict;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.RequestRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A drill's window read from the request log: the requests that ended from the fault's start until it was over and,
 * past that, until the first success (the recovery) or for {@link #TAIL_MS} (answers to requests that were in flight
 * when the fault ended), whichever is later; their failures by cause and by status with and without Retry-After.
 */
final class DrillWindow {

    /** Requests in flight when a fault ends are answered within this much after it. */
    static final long TAIL_MS = 2_000;

    private DrillWindow() {}

    /** What a drill's fault was: its kind, the lab's observations, and whether its effect was seen at all. */
    record Fault(DrillKind kind, long startEpochMs, long endEpochMs, List<String> observed, boolean seen) {

        /**
         * With the target's own events (replicas turning unready, leaving or joining the front's rotation) from the
         * fault's start until {@code afterMs} past its end, for the drills whose effect on the target the lab does
         * not cause itself (the database's and the proxy's).
         */
        Fault withEvents(List<Target.Event> events, long afterMs) {
            if (kind != DrillKind.DB_FAILOVER && kind != DrillKind.PROXY_CRASH) {
                return this;
            }
            List<String> merged = new ArrayList<>(observed);
            events.stream()
                    .filter(e -> e.epochMs() >= startEpochMs && e.epochMs() <= endEpochMs + afterMs)
                    .map(e -> FaultLog.at(e.epochMs() - startEpochMs, e.what()))
                    .forEach(merged::add);
            merged.sort(Comparator.comparingDouble(FaultLog::secondsOf));
            return new Fault(kind, startEpochMs, endEpochMs, merged, seen);
        }
    }

    /** {@code loadStartEpochMs}: the origin of the run's timeline, which the window is placed on too. */
    static Drill of(
            Fault fault,
            long loadStartEpochMs,
            List<RequestRecord> log,
            Function<RequestRecord, Optional<ErrorCause>> causeOf) {
        List<RequestRecord> inOrder = new ArrayList<>(log);
        inOrder.sort(Comparator.comparingLong(RequestRecord::endEpochMs));
        long end = Math.max(fault.startEpochMs(), fault.endEpochMs());
        Optional<Long> recoveredAt = inOrder.stream()
                .filter(r -> r.endEpochMs() >= end && causeOf.apply(r).isEmpty())
                .map(RequestRecord::endEpochMs)
                .findFirst();
        long countUntil = recoveredAt
                .map(at -> Math.max(at, end + TAIL_MS))
                .orElse(
                        inOrder.isEmpty()
                                ? end
                                : Math.max(end, inOrder.get(inOrder.size() - 1).endEpochMs()));
        int requests = 0;
        int errors = 0;
        Map<ErrorCause, Long> byCause = new EnumMap<>(ErrorCause.class);
        TreeMap<Integer, long[]> byStatus = new TreeMap<>();
        for (RequestRecord r : inOrder) {
            if (r.endEpochMs() < fault.startEpochMs() || r.endEpochMs() > countUntil) {
                continue;
            }
            requests++;
            Optional<ErrorCause> cause = causeOf.apply(r);
            if (cause.isPresent()) {
                errors++;
                byCause.merge(cause.get(), 1L, Long::sum);
                byStatus.computeIfAbsent(r.status(), s -> new long[2])[r.retryAfter() ? 1 : 0]++;
            }
        }
        List<Drill.StatusCount> statuses = new ArrayList<>();
        byStatus.forEach((status, counts) -> {
            if (counts[0] > 0) {
                statuses.add(new Drill.StatusCount(status, false, (int) counts[0]));
            }
            if (counts[1] > 0) {
                statuses.add(new Drill.StatusCount(status, true, (int) counts[1]));
            }
        });
        DrillVerdict verdict = !fault.seen()
                ? DrillVerdict.FAULT_NOT_OBSERVED
                : recoveredAt.isEmpty() ? DrillVerdict.NOT_RECOVERED : DrillVerdict.RECOVERED;
        return new Drill(
                fault.kind().label(),
                fault.startEpochMs(),
                end,
                (fault.startEpochMs() - loadStartEpochMs) / 1000.0,
                (end - loadStartEpochMs) / 1000.0,
                fault.observed(),
                requests,
                errors,
                byCause,
                statuses,
                recoveredAt.map(at -> at - end),
                verdict);
    }

    /**
     * Each request's cause, asked once per request in the order they ended: a target's causes may be read from its own
     * records in that order (Lambda's invocations), so the run's statistics and its drills must share one reading.
     */
    static Function<RequestRecord, Optional<ErrorCause>> once(
            List<RequestRecord> log, Function<RequestRecord, Optional<ErrorCause>> causes) {
        List<RequestRecord> inOrder = new ArrayList<>(log);
        inOrder.sort(Comparator.comparingLong(RequestRecord::endEpochMs));
        Map<RequestRecord, Optional<ErrorCause>> read = new IdentityHashMap<>();
        for (RequestRecord r : inOrder) {
            read.put(r, causes.apply(r));
        }
        return r -> {
            Optional<ErrorCause> cause = read.get(r);
            if (cause == null) {
                throw new IllegalArgumentException("not a request of this log: " + r);
            }
            return cause;
        };
    }
}
