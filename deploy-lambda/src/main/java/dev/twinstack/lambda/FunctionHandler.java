package dev.twinstack.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The function's handler (the template's {@code Handler}): Quarkus's own stream handler, then, with telemetry on, the
 * invocation's spans flushed to the collector before the runtime asks for the next event. Lambda freezes the
 * environment once it has, and a span still on its way to the collector (exports are asynchronous, also with
 * {@code quarkus.otel.simple}) would leave only when the environment is thawed again, or never. The OpenTelemetry Lambda
 * instrumentation flushes at the same point.
 *
 * <p>A plain class with the stream-handler method rather than an implementation of {@code RequestStreamHandler}: Quarkus
 * refuses a second handler beside the HTTP extension's own, and the Java runtime calls a method of this shape as a
 * stream handler. Creating it boots Quarkus (in the init phase, before a SnapStart snapshot), as Quarkus's handler does.
 */
public final class FunctionHandler {

    private static final Logger LOG = Logger.getLogger(FunctionHandler.class);
    private static final QuarkusStreamHandler QUARKUS = new QuarkusStreamHandler();
    /** The request's span ends on the event loop right after the response is complete. */
    private static final Duration SPAN_END_WAIT = Duration.ofSeconds(1);
    /** An export to the collector extension on localhost takes milliseconds; this bounds a stuck one. */
    private static final Duration EXPORT_WAIT = Duration.ofSeconds(2);

    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try {
            QUARKUS.handleRequest(input, output, context);
        } finally {
            flushSpans();
        }
    }

    private static void flushSpans() {
        ArcContainer container = Arc.container();
        if (container == null) {
            return;
        }
        OpenTelemetry telemetry = container.instance(OpenTelemetry.class).get();
        if (!(telemetry instanceof OpenTelemetrySdk sdk)) {
            return;
        }
        try {
            if (!container.instance(InvocationSpans.class).get().awaitEnded(SPAN_END_WAIT)) {
                LOG.warn("a request span was still open at the end of the invocation; it is flushed when it ends");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var flushed = sdk.getSdkTracerProvider().forceFlush().join(EXPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!flushed.isSuccess()) {
            LOG.warn("the invocation's spans did not reach the collector before the end of the invocation");
        }
    }
}
