package dev.twinstack.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * One line of the scenarios' request log (JSON lines): one request as the load generator saw it. The lab's statistics
 * come from this log; Gatling's own report cannot separate cold from warm.
 *
 * @param endEpochMs {@code t}: when the request ended, epoch milliseconds
 * @param request which step of the flow
 * @param status the HTTP status, 0 when there was no response
 * @param latencyMs {@code ms}: the latency Gatling measured, absent when it measured none
 * @param cold whether the target marked it as its instance's first ({@code X-Cold-Start})
 * @param leak what its error body leaked of the service's internals ({@link ErrorBodies#leak}); absent when nothing
 * @param retryAfter whether the answer carried a {@code Retry-After} header
 * @param flow which run of the flow it belongs to (unique within a run, several load generators included); absent in
 *     a log written without flow ids
 */
public record RequestRecord(
        @JsonProperty("t") long endEpochMs,
        String request,
        int status,
        @JsonProperty("ms") Optional<Long> latencyMs,
        boolean cold,
        Optional<String> leak,
        boolean retryAfter,
        Optional<String> flow) {

    /** A request of no known flow. */
    public RequestRecord(
            long endEpochMs,
            String request,
            int status,
            Optional<Long> latencyMs,
            boolean cold,
            Optional<String> leak,
            boolean retryAfter) {
        this(endEpochMs, request, status, latencyMs, cold, leak, retryAfter, Optional.empty());
    }

    /** A request whose body leaked nothing and whose answer carried no Retry-After. */
    public RequestRecord(long endEpochMs, String request, int status, Optional<Long> latencyMs, boolean cold) {
        this(endEpochMs, request, status, latencyMs, cold, Optional.empty(), false);
    }
}
