package dev.twinstack.results;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the load generator saw of one target: counts, errors by cause, latency percentiles, each instance's first
 * request, and a dense per-second timeline.
 *
 * @param requests requests sent
 * @param errors requests that failed
 * @param errorRatio errors / requests (0 without requests)
 * @param errorsByCause failed requests by cause; causes without failures are left out
 * @param latencyMs latency percentiles (ms) of successful requests (all, cold, warm) and, apart, of failed ones
 * @param coldLatenciesMs client-observed latency (ms) of each request a target marked as its instance's first
 * @param timeline one entry per second since the load started, idle seconds included
 * @param meanThroughputRps requests per second over the timeline
 * @param flows the scenario's flows, started and failed, where the request log carries flow ids
 */
public record Requests(
        long requests,
        long errors,
        double errorRatio,
        Map<ErrorCause, Long> errorsByCause,
        Latency latencyMs,
        List<Long> coldLatenciesMs,
        List<Second> timeline,
        double meanThroughputRps,
        Optional<Flows> flows) {

    /** Without flows (a request log without flow ids). */
    public Requests(
            long requests,
            long errors,
            double errorRatio,
            Map<ErrorCause, Long> errorsByCause,
            Latency latencyMs,
            List<Long> coldLatenciesMs,
            List<Second> timeline,
            double meanThroughputRps) {
        this(
                requests,
                errors,
                errorRatio,
                errorsByCause,
                latencyMs,
                coldLatenciesMs,
                timeline,
                meanThroughputRps,
                Optional.empty());
    }

    public Requests {
        errorsByCause = Copies.byCause(errorsByCause);
        coldLatenciesMs = List.copyOf(coldLatenciesMs);
        timeline = List.copyOf(timeline);
    }
}
