package dev.twinstack.lambdalocal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes Lambda's platform lines for a function: START when an invocation goes out, END and REPORT when it ends (from
 * its {@link Timeline}), INIT_REPORT when an init fails or a SnapStart version is published, RESTORE_REPORT when a
 * restore fails, and the timeout line.
 */
final class PlatformLog {

    private final Consumer<String> sink;
    private final int memoryMb;

    PlatformLog(Consumer<String> sink, int memoryMb) {
        this.sink = sink;
        this.memoryMb = memoryMb;
    }

    void start(String requestId) {
        sink.accept(LogLines.start(requestId));
    }

    /**
     * END and REPORT; Init Duration only on the invocation that paid an on-demand init before it ran, Restore Duration
     * and Billed Restore Duration only on the one a snapshot copy was restored for.
     */
    void end(String requestId, Timeline timeline, long maxMemoryUsedMb) {
        boolean initialized = timeline.has(Timeline.Event.INITIALIZED);
        boolean paidInit =
                initialized && timeline.has(Timeline.Event.COLD_START) && !timeline.has(Timeline.Event.INIT_RERUN);
        boolean restored = initialized && timeline.restored();
        sink.accept(LogLines.end(requestId));
        sink.accept(LogLines.report(
                requestId,
                timeline.durationMs(),
                timeline.billedMs(),
                memoryMb,
                maxMemoryUsedMb,
                paidInit ? timeline.initMs() : null,
                restored ? timeline.restoreMs() : null,
                restored ? timeline.billedRestoreMs() : null));
    }

    void timedOut(String requestId, Duration timeout) {
        sink.accept(Instant.now() + " " + requestId + " " + LogLines.timedOut(timeout));
    }

    void initFailed(double initMs, String status, String errorType) {
        sink.accept(LogLines.initReport(initMs, status, errorType));
    }

    void published(double initMs) {
        sink.accept(LogLines.initReport(initMs, "success", null));
    }

    void restoreFailed(double restoreMs, String status, String errorType) {
        sink.accept(LogLines.restoreReport(restoreMs, status, errorType));
    }
}
