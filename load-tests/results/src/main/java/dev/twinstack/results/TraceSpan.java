package dev.twinstack.results;

import java.util.Optional;

/**
 * One span of a {@link Trace}.
 *
 * @param name the span's name as its service gave it
 * @param service the exporting service ({@code service.name} of its resource)
 * @param spanId 16 lowercase hex digits
 * @param parentSpanId the parent's span id; absent for the trace's root
 * @param startOffsetMs from the trace's earliest start to this span's start (ms)
 * @param durationMs the span's duration (ms)
 * @param kind OpenTelemetry's span kind
 */
public record TraceSpan(
        String name,
        String service,
        String spanId,
        Optional<String> parentSpanId,
        double startOffsetMs,
        double durationMs,
        SpanKind kind) {

    /** OpenTelemetry's span kinds, as OTLP names them without their {@code SPAN_KIND_} prefix. */
    public enum SpanKind {
        SERVER,
        CLIENT,
        INTERNAL,
        PRODUCER,
        CONSUMER
    }
}
