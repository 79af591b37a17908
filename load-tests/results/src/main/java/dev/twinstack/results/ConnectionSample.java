package dev.twinstack.results;

/**
 * The target's server connections as the database saw them ({@code pg_stat_activity}), by state.
 *
 * @param t seconds since the target's load run started
 */
public record ConnectionSample(double t, int total, int active, int idle, int idleInTransaction) {}
