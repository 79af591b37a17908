package dev.twinstack.lambdalocal;

/**
 * One invocation as the lab and the report see it; written as one JSON line.
 *
 * @param time when the request arrived (ISO-8601)
 * @param requestId Lambda's request id
 * @param environmentId the execution environment that ran it (null when throttled)
 * @param cold whether it paid a cold start
 * @param initMs the cold start's init duration (0 when warm)
 * @param durationMs the function's duration, as in REPORT
 * @param latencyMs what the client saw: request received to response sent
 * @param overheadMs the service's own share of it: receipt to event delivered on /next, plus /response to reply sent
 * @param status the HTTP status the front answered (0 when invoked directly)
 * @param outcome how the invocation ended
 * @param cause the underlying error (error type and message) when it failed
 * @param startEpochMicros when an environment took it, in microseconds since the epoch: routed to an idle one, or the
 *     start of the new one's process on a cold start (an initialising environment is busy with it); null when throttled
 * @param endEpochMicros when its environment was done with it (the function answered, or the environment ended it:
 *     timeout, runtime exit, init failure), in microseconds since the epoch; null when throttled. Start and end share
 *     one clock across invocations, so overlapping intervals are concurrent executions
 */
public record InvocationRecord(
        String time,
        String requestId,
        String environmentId,
        boolean cold,
        double initMs,
        double durationMs,
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
                hundredths(timeline.initMs()),
                hundredths(timeline.durationMs()),
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
