package dev.twinstack.results;

/**
 * Latency percentiles (ms) of a target's requests. A request is cold when the target marked it as the first its
 * instance served ({@code X-Cold-Start: true}); warm otherwise.
 */
public record Latency(Percentiles all, Percentiles cold, Percentiles warm) {}
