package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flush at the end of an invocation covers the request's span only if {@link InvocationSpans} sees the span's end
 * after the exporting processor has queued it: the tracer provider is given the span processor beans in this list's
 * order (Quarkus's {@code @All} list, higher priority first), and runs their {@code onEnd} one after the other.
 */
@QuarkusTest
class SpanProcessorOrderTest {

    @Inject
    @All
    List<SpanProcessor> processors;

    @Test
    void countsARequestSpanAsEndedOnlyAfterTheExportingProcessorHasIt() {
        assertInstanceOf(InvocationSpans.class, processors.get(processors.size() - 1), processors.toString());
        assertTrue(
                processors.subList(0, processors.size() - 1).stream()
                        .anyMatch(p -> p.getClass().getName().contains("LateBoundSpanProcessor")),
                "the exporting processor comes before it: " + processors);
    }
}
