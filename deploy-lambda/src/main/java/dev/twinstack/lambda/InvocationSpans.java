package dev.twinstack.lambda;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Counts the request (server) spans that have started and not yet ended, so that the end of an invocation can wait for
 * its request's span before flushing: the span ends when the response is complete, on the event loop or on a worker
 * thread, which may come just after the handler already holds the response. Added to the tracer provider as every
 * {@link SpanProcessor} bean is, in the beans' priority order (higher first, Quarkus's {@code @All} list): the lowest
 * priority puts it after the exporting processor, so once it has counted a span as ended, that span is already queued
 * for export (or being exported) and a flush that follows covers it. It exports nothing itself.
 */
@Singleton
@Unremovable
@Priority(Integer.MIN_VALUE)
class InvocationSpans implements SpanProcessor {

    private int open;

    @Override
    public synchronized void onStart(Context parentContext, ReadWriteSpan span) {
        if (span.getKind() == SpanKind.SERVER) {
            open++;
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (span.getKind() == SpanKind.SERVER) {
            ended();
        }
    }

    private synchronized void ended() {
        if (open > 0) {
            open--;
            notifyAll();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Waits until no request span is open, at most {@code limit}; false if one still was. */
    synchronized boolean awaitEnded(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (open > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
