package dev.twinstack.results;

/**
 * The connection budget's worst case for a target beside what was measured; a measured peak above it fails the run.
 *
 * @param predicted the worst case of server connections the target can open, as the lab configured it
 * @param limit the connections it must stay within (the database's max_connections, or the target's share of it)
 * @param formula the arithmetic, in words
 * @param measuredWithin whether the measured peak stayed at or below {@code predicted}
 */
public record Budget(long predicted, long limit, String formula, boolean measuredWithin) {}
