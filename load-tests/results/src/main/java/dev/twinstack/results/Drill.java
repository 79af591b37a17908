package dev.twinstack.results;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One fault injected under load, and what the load generator saw of it.
 *
 * @param name {@code db-failover}, {@code proxy-crash}, {@code kill-env}, {@code kill-pod} or {@code rolling-restart}
 * @param faultStartEpochMs when the fault was injected (epoch ms)
 * @param faultEndEpochMs when the lab observed the fault over: the database or proxy answering again, the killed
 *     process gone, the replacement or the last new replica back in rotation (epoch ms)
 * @param startS the fault's start on the timeline's axis: seconds since the load started
 * @param endS its end on the same axis
 * @param observed what the lab observed of the fault, each with its time after the fault's start (process gone, port
 *     closed, a refused connection, readiness down and up): a fault is never assumed after a sleep
 * @param requests requests that ended in the counted window (the fault's window, and its tail until recovery)
 * @param errors those that failed
 * @param errorsByCause the failures by cause
 * @param errorsByStatus the failures by HTTP status (0: no response) and whether the answer carried Retry-After
 * @param recoveryMs from the fault's end to the first success after it; absent when none came before the load ended
 * @param verdict whether the drill counts
 */
public record Drill(
        String name,
        long faultStartEpochMs,
        long faultEndEpochMs,
        double startS,
        double endS,
        List<String> observed,
        int requests,
        int errors,
        Map<ErrorCause, Long> errorsByCause,
        List<StatusCount> errorsByStatus,
        Optional<Long> recoveryMs,
        DrillVerdict verdict) {

    public Drill {
        observed = List.copyOf(observed);
        errorsByCause = Copies.byCause(errorsByCause);
        errorsByStatus = List.copyOf(errorsByStatus);
    }

    /**
     * Failed requests of one HTTP status.
     *
     * @param status the status, 0 for no response
     * @param retryAfter whether the answers carried a Retry-After header (the service's own 503) or not (a 503 of the
     *     ingress or the API, which the service never saw)
     * @param count how many
     */
    public record StatusCount(int status, boolean retryAfter, int count) {}
}
