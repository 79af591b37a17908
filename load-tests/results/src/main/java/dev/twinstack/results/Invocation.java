package dev.twinstack.results;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One invocation as the local Lambda service recorded it.
 *
 * @param time when the request arrived
 * @param requestId Lambda's request id, as in the REPORT line of the lab's Lambda log
 * @param environmentId the execution environment that ran it (absent when throttled)
 * @param cold whether it paid a cold start
 * @param initMs an on-demand cold start's Init Duration (0 when warm or restored)
 * @param restore a SnapStart restore's durations, present when this cold start was a restore
 * @param durationMs the function's duration, as in REPORT
 * @param latencyMs request received to response sent
 * @param overheadMs the local service's own share of the latency
 * @param status the HTTP status the front answered
 * @param outcome how it ended
 * @param cause the underlying error (type and message) when it failed
 * @param environmentFrom when an environment took it (routed to an idle one, a new one started for it, or a copy's
 *     restore begun); absent when throttled or not recorded
 * @param environmentUntil when that environment was done with it, which can be before the client got its answer
 */
public record Invocation(
        Instant time,
        String requestId,
        Optional<String> environmentId,
        boolean cold,
        double initMs,
        Optional<Restore> restore,
        double durationMs,
        double latencyMs,
        double overheadMs,
        int status,
        InvocationOutcome outcome,
        Optional<String> cause,
        Optional<Instant> environmentFrom,
        Optional<Instant> environmentUntil) {

    /** Whether this cold start was a SnapStart restore. */
    public boolean restored() {
        return restore.isPresent();
    }

    /** When the response was sent: receipt plus latency. */
    public Instant end() {
        return time.plus(Duration.ofNanos(Math.round(latencyMs * 1_000_000)));
    }

    /**
     * The most invocations holding an execution environment at once: Lambda's ConcurrentExecutions. Each holds one from
     * when an environment took it to when the environment was done with it, where the record says; otherwise from its
     * receipt to its response (which also counts the front's own time, so it can only overstate). Throttled
     * invocations never held one and are left out. An invocation that ends when another starts does not overlap it
     * (the environment is handed on).
     */
    public static int peakConcurrency(Collection<Invocation> invocations) {
        List<long[]> edges = new ArrayList<>();
        for (Invocation i : invocations) {
            if (i.outcome() != InvocationOutcome.THROTTLED) {
                boolean held =
                        i.environmentFrom().isPresent() && i.environmentUntil().isPresent();
                edges.add(new long[] {nanos(held ? i.environmentFrom().orElseThrow() : i.time()), +1});
                edges.add(new long[] {nanos(held ? i.environmentUntil().orElseThrow() : i.end()), -1});
            }
        }
        // At one instant, ends come before starts: intervals are half-open, [receipt, response).
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int inFlight = 0;
        int peak = 0;
        for (long[] edge : edges) {
            inFlight += (int) edge[1];
            peak = Math.max(peak, inFlight);
        }
        return peak;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
