package dev.twinstack.results;

import java.util.List;

/**
 * The hybrid target's gateway: one HTTP API in front of both sides, with the template's route table; what each route
 * and each side served, and the lab-only spillover experiment when it was on.
 *
 * @param spillover whether the lab-only spillover rule was on (a request the Kubernetes side answered 503 with
 *     {@code Retry-After} tried once more on Lambda); false: the gateway routed as HTTP API does
 * @param routes each route the load took, by the side that served it
 * @param sides each side of the hybrid: what it served and its database connections
 * @param spilled requests served by Lambda after the Kubernetes side answered 503 with {@code Retry-After}
 * @param spilledLatencyMs the spilled requests' latency at the gateway (first try included), ms
 * @param spilledFirstTryMs the part of it spent on the first try until its 503, ms
 * @param edgeSpans how many edge spans the gateway recorded (one per request, the root of its trace)
 * @param edgeSpansFile where they are, one OTLP/JSON-named span a line, relative to the folder of results.json
 */
public record Gateway(
        boolean spillover,
        List<GatewayRoute> routes,
        List<GatewaySide> sides,
        long spilled,
        Percentiles spilledLatencyMs,
        Percentiles spilledFirstTryMs,
        long edgeSpans,
        String edgeSpansFile) {

    public Gateway {
        routes = List.copyOf(routes);
        sides = List.copyOf(sides);
    }
}
