package dev.twinstack.results;

import java.util.Map;
import java.util.Optional;

/**
 * One second of load: requests that ended in it, errors by cause, and latency percentiles (ms) of its requests.
 *
 * @param t seconds since the load started
 * @param requests requests that ended in this second
 * @param errors of which failed
 * @param errorsByCause failed requests by cause; causes without failures are left out
 * @param p50 median latency of the second's requests; absent in a second without a measured request
 * @param p95 95th percentile, likewise
 * @param p99 99th percentile, likewise
 */
public record Second(
        long t,
        int requests,
        int errors,
        Map<ErrorCause, Integer> errorsByCause,
        Optional<Double> p50,
        Optional<Double> p95,
        Optional<Double> p99) {

    public Second {
        errorsByCause = Copies.byCause(errorsByCause);
    }
}
