package dev.twinstack.lambdalocal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes Lambda's platform lines for a function: START when an invocation goes out, END and REPORT when it ends (from
 * its {@link Timeline}), INIT_REPORT when an init fails, and the timeout line.
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

    /** END and REPORT; Init Duration only on the invocation that paid the cold start. */
    void end(String requestId, Timeline timeline, long maxMemoryUsedMb) {
        sink.accept(LogLines.end(requestId));
        sink.accept(LogLines.report(
                requestId,
                timeline.durationMs(),
                memoryMb,
                maxMemoryUsedMb,
                timeline.has(Timeline.Event.INITIALIZED) ? timeline.initMs() : null));
    }

    void timedOut(String requestId, Duration timeout) {
        sink.accept(Instant.now() + " " + requestId + " " + LogLines.timedOut(timeout));
    }

    void initFailed(double initMs, String status, String errorType) {
        sink.accept(LogLines.initReport(initMs, status, errorType));
    }
}
