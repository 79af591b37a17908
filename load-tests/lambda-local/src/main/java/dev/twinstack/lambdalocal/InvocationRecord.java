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
        String cause) {}
