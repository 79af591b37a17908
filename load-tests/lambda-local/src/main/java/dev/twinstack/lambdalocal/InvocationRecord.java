package dev.twinstack.lambdalocal;

/**
 * One invocation as the lab and the report see it; written as one JSON line.
 *
 * @param time when the request arrived (ISO-8601)
 * @param requestId Lambda's request id
 * @param environmentId the execution environment that ran it (null when throttled)
 * @param cold whether it paid a cold start: a new environment initialised on demand, or a snapshot copy restored
 * @param restored whether that cold start was a SnapStart restore
 * @param initMs an on-demand cold start's Init Duration (0 when warm, restored, or when the init ran again inside the
 *     invocation after outlasting the init limit: then the invocation's Duration holds it)
 * @param restoreMs a restore's Restore Duration (0 otherwise)
 * @param billedRestoreMs a restore's Billed Restore Duration (0 otherwise)
 * @param snapshotWaitMs how long a restore waited for a snapshot copy to finish its init because none was ready (0
 *     otherwise: the copies published beforehand sufficed)
 * @param durationMs the function's Duration, as in REPORT
 * @param billedDurationMs the Billed Duration, as in REPORT
 * @param latencyMs what the client saw: request received to response sent
 * @param overheadMs the service's own share of it: receipt to event delivered on /next, plus /response to reply sent
 * @param status the HTTP status the front answered (0 when invoked directly)
 * @param outcome how the invocation ended
 * @param cause the underlying error (error type and message) when it failed
 * @param startEpochMicros when an environment took it, in microseconds since the epoch: routed to an idle one, the
 *     start of the new one's process on a cold start (an initialising environment is busy with it), or the start of a
 *     snapshot copy's restore; null when throttled
 * @param endEpochMicros when its environment was done with it (the function answered, or the environment ended it:
 *     timeout, runtime exit, init or restore failure), in microseconds since the epoch; null when throttled. Start and
 *     end share one clock across invocations, so overlapping intervals are concurrent executions
 */
public record InvocationRecord(
        String time,
        String requestId,
        String environmentId,
        boolean cold,
        boolean restored,
        double initMs,
        double restoreMs,
        long billedRestoreMs,
        double snapshotWaitMs,
        double durationMs,
        long billedDurationMs,
        double latencyMs,
        double overheadMs,
        int status,
        Outcome outcome,
        String cause,
        Long startEpochMicros,
        Long endEpochMicros) {

    /** The record of a finished invocation: its timeline, and how the client was answered. */
    static InvocationRecord of(
            String requestId, Timeline timeline, InvocationResult answered, int status, String cause) {
        return new InvocationRecord(
                timeline.receivedAt().toString(),
                requestId,
                timeline.environmentId(),
                timeline.cold(),
                timeline.restored(),
                hundredths(timeline.initMs()),
                hundredths(timeline.restoreMs()),
                timeline.billedRestoreMs(),
                hundredths(timeline.snapshotWaitMs()),
                hundredths(timeline.durationMs()),
                timeline.environmentId() == null ? 0 : timeline.billedMs(),
                hundredths(timeline.latencyMs()),
                Math.round(timeline.overheadMs() * 1000) / 1000.0,
                status,
                answered.outcome(),
                cause,
                timeline.startEpochMicros(),
                timeline.endEpochMicros());
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
