package dev.twinstack.results;

import java.util.List;

/**
 * One request's trace as the lab received it over OTLP from every hop it went through (the gateway's edge span, the
 * function's or the replica's server span, their database spans), put together by trace id: the example a route shows
 * as a waterfall.
 *
 * @param route the route the request took, as the edge span names it (for example {@code GET /api/users/{id}})
 * @param traceId the W3C trace id (32 lowercase hex digits)
 * @param problems where the parent chain edge → server → database breaks, one sentence each; empty when it is whole
 * @param spans every span of the trace in waterfall order: a span after its parent, siblings by start
 */
public record Trace(String route, String traceId, List<String> problems, List<TraceSpan> spans) {

    public Trace {
        problems = List.copyOf(problems);
        spans = List.copyOf(spans);
    }

    /** Whether the chain edge → server → database is whole. */
    public boolean whole() {
        return problems.isEmpty();
    }
}
