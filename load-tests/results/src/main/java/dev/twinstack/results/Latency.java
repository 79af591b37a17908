package dev.twinstack.results;

/**
 * Latency percentiles (ms) of a target's requests. A request is cold when the target marked it as the first its
 * instance served ({@code X-Cold-Start: true}); warm otherwise. Failed requests are kept apart: a fast refusal or a
 * slow timeout would otherwise pull the percentiles of the answers that succeeded either way.
 *
 * @param all every successful request
 * @param cold successful requests an instance served first
 * @param warm the other successful requests
 * @param failed the requests that failed (any cause), measured apart
 */
public record Latency(Percentiles all, Percentiles cold, Percentiles warm, Percentiles failed) {

    /** Without failed requests. */
    public Latency(Percentiles all, Percentiles cold, Percentiles warm) {
        this(all, cold, warm, Percentiles.NONE);
    }
}
