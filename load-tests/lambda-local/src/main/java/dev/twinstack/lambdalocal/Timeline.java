package dev.twinstack.lambdalocal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What happened to one invocation and when, as {@link System#nanoTime()} marks. Immutable: each mark gives a new
 * timeline. Every duration the service reports (Init Duration, Duration, the client's latency, the service's own
 * overhead) and the invocation's epoch times are derived from these marks, nowhere else.
 *
 * @param origin the service's clock: turns a mark into an epoch time, one time base for every invocation
 * @param environmentId the environment that took the invocation (null until one does, and when throttled)
 * @param marks in time order, each event at most once
 */
record Timeline(Origin origin, String environmentId, List<Mark> marks) {

    /** The events of an invocation's life, in the order they happen. */
    enum Event {
        /** The front (or Invoke) received the request. */
        RECEIVED,
        /** Routed to an idle (warm) environment. */
        ROUTED,
        /** A new environment's process was started for it: a cold start. */
        COLD_START,
        /** SnapStart: no snapshot copy was ready; one started initialising for it. */
        SNAPSHOT_AWAITED,
        /** SnapStart: a snapshot copy was taken for it: its restore began (a cold start without init). */
        RESTORED,
        /** SnapStart: the restore call was answered after the snapshot was loaded: the after-restore hooks run. */
        RESUMED,
        /** Its new environment's init outlasted the init limit and runs again, inside the invocation. */
        INIT_RERUN,
        /** Rejected: reserved concurrency or the scale-out rate was exhausted. Ends the invocation. */
        THROTTLED,
        /** Its new environment finished init (or its restore): the runtime polled /next for the first time. */
        INITIALIZED,
        /** The event went out on /next. */
        DELIVERED,
        /** The function answered on /response or /error. Ends the invocation. */
        RETURNED,
        /** The environment ended it without an answer: timeout, runtime exit, init failure. Ends the invocation. */
        ABORTED,
        /** The answer went out to the client. */
        REPLIED;

        boolean ends() {
            return this == THROTTLED || this == RETURNED || this == ABORTED;
        }
    }

    /** One event at one {@link System#nanoTime()}. */
    record Mark(Event event, long nanos) {}

    /** The wall-clock instant of one {@link System#nanoTime()} reading. */
    record Origin(Instant instant, long nanos) {

        static Origin now() {
            return new Origin(Instant.now(), System.nanoTime());
        }

        Instant instant(long nanos) {
            return instant.plusNanos(nanos - this.nanos);
        }

        long epochMicros(long nanos) {
            Instant at = instant(nanos);
            return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        }
    }

    Timeline {
        Objects.requireNonNull(origin, "origin");
        marks = List.copyOf(marks);
    }

    /** A timeline that starts with the request's receipt. */
    static Timeline received(Origin origin, long nanos) {
        return new Timeline(origin, null, List.of(new Mark(Event.RECEIVED, nanos)));
    }

    /**
     * Taken by an environment: {@link Event#ROUTED} to a warm one, its {@link Event#COLD_START}, or a snapshot copy
     * {@link Event#RESTORED} for it.
     */
    Timeline takenBy(String environment, Event how, long nanos) {
        if (!taking(how)) {
            throw new IllegalArgumentException(
                    "an environment takes an invocation by routing, cold start or restore: " + how);
        }
        if (environmentId != null) {
            throw new IllegalStateException("already taken by " + environmentId);
        }
        return new Timeline(origin, environment, with(how, nanos));
    }

    /** The timeline with one more event; each event happens at most once. */
    Timeline then(Event event, long nanos) {
        if (taking(event)) {
            throw new IllegalArgumentException("use takenBy for " + event);
        }
        return new Timeline(origin, environmentId, with(event, nanos));
    }

    private static boolean taking(Event event) {
        return event == Event.ROUTED || event == Event.COLD_START || event == Event.RESTORED;
    }

    private List<Mark> with(Event event, long nanos) {
        if (has(event)) {
            throw new IllegalStateException(event + " already happened: " + marks);
        }
        if (event.ends() && ended().isPresent()) {
            throw new IllegalStateException("already ended: " + marks);
        }
        var next = new ArrayList<Mark>(marks.size() + 1);
        int at = marks.size();
        // Marks come from several threads: keep them in time order whichever was recorded first.
        while (at > 0 && marks.get(at - 1).nanos() > nanos) {
            at--;
        }
        next.addAll(marks.subList(0, at));
        next.add(new Mark(event, nanos));
        next.addAll(marks.subList(at, marks.size()));
        return next;
    }

    boolean has(Event event) {
        return at(event).isPresent();
    }

    OptionalLong at(Event event) {
        for (Mark mark : marks) {
            if (mark.event() == event) {
                return OptionalLong.of(mark.nanos());
            }
        }
        return OptionalLong.empty();
    }

    /** A cold start: a new environment, initialised for it or restored from a snapshot. */
    boolean cold() {
        return has(Event.COLD_START) || has(Event.RESTORED);
    }

    boolean restored() {
        return has(Event.RESTORED);
    }

    /** When the invocation ended in its environment (or was throttled); empty while it runs. */
    OptionalLong ended() {
        for (Mark mark : marks) {
            if (mark.event().ends()) {
                return OptionalLong.of(mark.nanos());
            }
        }
        return OptionalLong.empty();
    }

    Instant receivedAt() {
        return origin.instant(nanos(Event.RECEIVED));
    }

    /**
     * A cold start's Init Duration: its environment's process start to its first /next; 0 otherwise, and 0 when the
     * init ran again inside the invocation (then it is part of the invocation's Duration, as on Lambda).
     */
    double initMs() {
        return has(Event.INIT_RERUN) ? 0 : between(Event.COLD_START, Event.INITIALIZED);
    }

    /**
     * A restore's Restore Duration: the restore beginning (loading the snapshot included) to the runtime's first /next
     * after its after-restore hooks; 0 when not restored.
     */
    double restoreMs() {
        return between(Event.RESTORED, Event.INITIALIZED);
    }

    /**
     * A restore's Billed Restore Duration: the runtime's part of the restore (its after-restore hooks, from the restore
     * call answered to its first /next), rounded up to the millisecond; loading the snapshot is not billed.
     */
    long billedRestoreMs() {
        return restored() && has(Event.INITIALIZED) ? (long) Math.ceil(between(Event.RESUMED, Event.INITIALIZED)) : 0;
    }

    /** How long the invocation waited for a snapshot copy to finish its init (none was ready); 0 otherwise. */
    double snapshotWaitMs() {
        return between(Event.SNAPSHOT_AWAITED, Event.RESTORED);
    }

    /**
     * The function's Duration, as REPORT gives it: the event on /next to its answer (or to its end), or from the
     * second start of an init that ran again inside the invocation; 0 if never run.
     */
    double durationMs() {
        var from = has(Event.INIT_RERUN) ? at(Event.INIT_RERUN) : at(Event.DELIVERED);
        var ended = ended();
        return from.isPresent() && ended.isPresent() ? millis(ended.getAsLong() - from.getAsLong()) : 0;
    }

    /**
     * Billed Duration as REPORT gives it: Duration rounded up to the millisecond, with a cold start's Init Duration
     * (Lambda bills the init phase of on-demand functions with managed runtimes since August 2025) or a restore's
     * Billed Restore Duration added.
     */
    long billedMs() {
        return (long) Math.ceil(durationMs() + initMs()) + billedRestoreMs();
    }

    /** What the client saw: receipt to reply; 0 before the reply. */
    double latencyMs() {
        return between(Event.RECEIVED, Event.REPLIED);
    }

    /**
     * The service's own share of the client's latency: receipt (or, on a cold start, the end of init, which is the
     * function's) to the event's delivery on /next, plus the function's answer to the reply. 0 when the function never
     * ran, or when the client was answered before the function ended (an integration timeout).
     */
    double overheadMs() {
        var delivered = at(Event.DELIVERED);
        var ended = ended();
        var replied = at(Event.REPLIED);
        if (delivered.isEmpty() || ended.isEmpty() || replied.isEmpty() || replied.getAsLong() < ended.getAsLong()) {
            return 0;
        }
        long ready = Math.max(nanos(Event.RECEIVED), at(Event.INITIALIZED).orElse(Long.MIN_VALUE));
        return millis((delivered.getAsLong() - ready) + (replied.getAsLong() - ended.getAsLong()));
    }

    /**
     * When an environment took the invocation (routed, its new environment's process started: an initialising
     * environment is busy with it, or a snapshot copy's restore began), in microseconds since the epoch; null when none
     * did.
     */
    Long startEpochMicros() {
        for (Mark mark : marks) {
            if (taking(mark.event())) {
                return origin.epochMicros(mark.nanos());
            }
        }
        return null;
    }

    /** When its environment was done with it (answered, timed out, exited), in epoch microseconds; null otherwise. */
    Long endEpochMicros() {
        if (environmentId == null) {
            return null;
        }
        var ended = ended();
        return ended.isPresent() ? origin.epochMicros(ended.getAsLong()) : null;
    }

    private long nanos(Event event) {
        return at(event).orElseThrow(() -> new IllegalStateException("no " + event + " in " + marks));
    }

    private double between(Event from, Event to) {
        var start = at(from);
        var end = at(to);
        return start.isPresent() && end.isPresent() ? millis(end.getAsLong() - start.getAsLong()) : 0;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
