package dev.twinstack.results;

import java.util.List;
import java.util.Map;

/**
 * What the load generator saw of one target: counts, errors by cause, latency percentiles, each instance's first
 * request, and a dense per-second timeline.
 *
 * @param requests requests sent
 * @param errors requests that failed
 * @param errorRatio errors / requests (0 without requests)
 * @param errorsByCause failed requests by cause; causes without failures are left out
 * @param latencyMs latency percentiles (ms) of all, cold and warm requests
 * @param coldLatenciesMs client-observed latency (ms) of each request a target marked as its instance's first
 * @param timeline one entry per second since the load started, idle seconds included
 * @param meanThroughputRps requests per second over the timeline
 */
public record Requests(
        long requests,
        long errors,
        double errorRatio,
        Map<ErrorCause, Long> errorsByCause,
        Latency latencyMs,
        List<Long> coldLatenciesMs,
        List<Second> timeline,
        double meanThroughputRps) {

    public Requests {
        errorsByCause = Copies.byCause(errorsByCause);
        coldLatenciesMs = List.copyOf(coldLatenciesMs);
        timeline = List.copyOf(timeline);
    }
}
