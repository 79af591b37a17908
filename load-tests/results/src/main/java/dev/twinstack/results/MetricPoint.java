package dev.twinstack.results;

/**
 * One value of a metric.
 *
 * @param t seconds since the collection window opened (the target's start, just before its load), the start of the
 *     value's period
 */
public record MetricPoint(double t, double value) {}
