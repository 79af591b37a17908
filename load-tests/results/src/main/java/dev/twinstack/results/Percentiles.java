package dev.twinstack.results;

/**
 * Latency percentiles in ms of {@code count} requests (all zero when {@code count} is 0), to 3 significant digits.
 */
public record Percentiles(long count, double p50, double p95, double p99, double max) {

    /** No requests. */
    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);
}
