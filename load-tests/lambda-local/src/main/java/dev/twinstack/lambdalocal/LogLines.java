package dev.twinstack.lambdalocal;

import java.time.Duration;
import java.util.Locale;

/**
 * Lambda's platform log lines, tab-separated as Lambda writes them. Init Duration comes last and only on the
 * invocation that paid an on-demand cold start; a SnapStart restore has Restore Duration and Billed Restore Duration
 * there instead.
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
     * The REPORT line (Lambda Developer Guide, <em>Monitoring for Lambda SnapStart</em>, for the restore fields).
     * {@code billedMs} is the invocation's Billed Duration, {@link Timeline#billedMs()}.
     */
    static String report(
            String requestId,
            double durationMs,
            long billedMs,
            int memoryMb,
            long maxMemoryUsedMb,
            Double initMs,
            Double restoreMs,
            Long billedRestoreMs) {
        var line = new StringBuilder()
                .append("REPORT RequestId: ")
                .append(requestId)
                .append("\tDuration: ")
                .append(ms(durationMs))
                .append(" ms\tBilled Duration: ")
                .append(billedMs)
                .append(" ms\tMemory Size: ")
                .append(memoryMb)
                .append(" MB\tMax Memory Used: ")
                .append(maxMemoryUsedMb)
                .append(" MB\t");
        if (initMs != null) {
            line.append("Init Duration: ").append(ms(initMs)).append(" ms\t");
        }
        if (restoreMs != null) {
            line.append("Restore Duration: ").append(ms(restoreMs)).append(" ms\t");
            line.append("Billed Restore Duration: ").append(billedRestoreMs).append(" ms\t");
        }
        return line.toString();
    }

    /**
     * INIT_REPORT: an init that failed or timed out, or, with SnapStart, the init that ran when the version was
     * published, its before-checkpoint hooks included.
     */
    static String initReport(double initMs, String status, String errorType) {
        return "INIT_REPORT Init Duration: " + ms(initMs) + " ms\tPhase: init\tStatus: " + status
                + (errorType == null ? "" : "\tError Type: " + errorType);
    }

    /** RESTORE_REPORT: a restore that failed or timed out, written as INIT_REPORT is for an init. */
    static String restoreReport(double restoreMs, String status, String errorType) {
        return "RESTORE_REPORT Restore Duration: " + ms(restoreMs) + " ms\tStatus: " + status
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
