package dev.twinstack.lambdalocal;

import java.time.Duration;
import java.util.Locale;

/**
 * Lambda's platform log lines, tab-separated as Lambda writes them. Init Duration comes last and only on the
 * invocation that paid the cold start.
 */
final class LogLines {

    private LogLines() {}

    static String start(String requestId) {
        return "START RequestId: " + requestId + " Version: $LATEST";
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * Billed Duration is rounded up to the millisecond; since August 2025 Lambda bills the init phase of on-demand
     * functions with managed runtimes too, so a cold start's Billed Duration includes its Init Duration.
     */
    static String report(String requestId, double durationMs, int memoryMb, long maxMemoryUsedMb, Double initMs) {
        double billed = durationMs + (initMs == null ? 0 : initMs);
        var line = new StringBuilder()
                .append("REPORT RequestId: ")
                .append(requestId)
                .append("\tDuration: ")
                .append(ms(durationMs))
                .append(" ms\tBilled Duration: ")
                .append((long) Math.ceil(billed))
                .append(" ms\tMemory Size: ")
                .append(memoryMb)
                .append(" MB\tMax Memory Used: ")
                .append(maxMemoryUsedMb)
                .append(" MB\t");
        if (initMs != null) {
            line.append("Init Duration: ").append(ms(initMs)).append(" ms\t");
        }
        return line.toString();
    }

    static String initReport(double initMs, String status, String errorType) {
        return "INIT_REPORT Init Duration: " + ms(initMs) + " ms\tPhase: init\tStatus: " + status
                + (errorType == null ? "" : "\tError Type: " + errorType);
    }

    /** Lambda's words for a function timeout, in the log and in the invocation's error document. */
    static String timedOut(Duration timeout) {
        return "Task timed out after " + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds";
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
