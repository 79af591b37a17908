package dev.twinstack.results;

/**
 * Where a collected figure was measured and how finely.
 *
 * @param where the service and the thing read, e.g. {@code CloudWatch Logs Insights, /aws/lambda/twinstack}
 * @param resolution how finely it was measured, e.g. {@code per invocation (REPORT lines)}, {@code 60 s}
 */
public record Source(String where, String resolution) {}
