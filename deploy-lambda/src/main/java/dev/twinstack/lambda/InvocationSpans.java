package dev.twinstack.lambda;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Counts the request (server) spans that have started and not yet ended, so that the end of an invocation can wait for
 * its request's span before flushing: the span ends on the event loop when the response is complete, which may come
 * just after the handler already holds the response. Added to the tracer provider as every {@link SpanProcessor} bean
 * is; it exports nothing itself.
 */
@Singleton
@Unremovable
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

    /**
     * Counted as ended only once every span processor has seen the end: the processors run one after the other in the
     * task that ends the span, the exporting one possibly after this one, so the count drops in a task queued behind it
     * on the same Vert.x context (where the request's span ends). A flush that follows then covers the span's export.
     */
    @Override
    public void onEnd(ReadableSpan span) {
        if (span.getKind() != SpanKind.SERVER) {
            return;
        }
        io.vertx.core.Context context = Vertx.currentContext();
        if (context == null) {
            ended();
        } else {
            context.runOnContext(ignored -> ended());
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
