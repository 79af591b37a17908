package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.lambdalocal.OtlpReceiver.ReceivedSpan;
import dev.twinstack.results.Trace;
import dev.twinstack.results.TraceSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parent chain edge → server → database, judged on spans as the receiver keeps them. */
class TracesTest {

    private static final String GATEWAY = "gateway";
    private static final String SERVICE = "twinstack";
    private static final String READ = "GET /api/users/{id}";
    private static final long T0 = 1_764_600_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aRequestThroughEveryHopIsOneWholeTrace() {
        List<ReceivedSpan> trace = request("a", READ, 10);

        assertEquals(List.of(), Traces.problems(trace));
    }

    @Test
    void aServerThatDroppedTheTraceparentLeavesTheEdgeWithoutItsServerSpan() {
        List<ReceivedSpan> spans = new ArrayList<>();
        spans.add(edge("a", READ, 0, 10));
        // The server started a trace of its own: its spans carry another trace id, its server span is a root.
        spans.add(span("b", "b-server", "", "SERVER", 1, 9, Map.of()));
        spans.add(span("b", "b-query", "b-server", "CLIENT", 2, 3, Map.of("db.system", "postgresql")));

        var traces = Traces.byTrace(spans);

        assertEquals(2, traces.size());
        assertEquals(
                List.of("no server span of another service is a child of the edge span gateway SERVER \"" + READ
                        + "\" (a-edge)"),
                Traces.problems(traces.get(id("a"))));
        assertTrue(Traces.problems(traces.get(id("b"))).get(0).contains("no server span"));
    }

    @Test
    void aDatabaseSpanOutsideTheServerSpanBreaksTheChain() {
        List<ReceivedSpan> trace = List.of(
                edge("a", READ, 0, 10),
                span("a", "a-server", "a-edge", "SERVER", 1, 9, Map.of()),
                span("a", "a-query", "a-edge", "CLIENT", 2, 3, Map.of("db.system", "postgresql")));

        assertEquals(
                List.of("no database span below the server span twinstack SERVER \"a-server\" (a-server)"),
                Traces.problems(trace));
    }

    @Test
    void aSpanWhoseParentNeverArrivedIsNamed() {
        List<ReceivedSpan> trace = new ArrayList<>(request("a", READ, 10));
        trace.add(span("a", "a-late", "a-missing", "INTERNAL", 3, 4, Map.of()));

        assertEquals(
                List.of("twinstack INTERNAL \"a-late\" (a-late)'s parent a-missing was not received"),
                Traces.problems(trace));
    }

    @Test
    void withoutTheEdgeSpanThereIsNoRoot() {
        List<ReceivedSpan> trace = request("a", READ, 10).subList(1, 3);

        assertEquals(
                "no root span: the edge span was not received",
                Traces.problems(trace).get(0));
    }

    @Test
    void picksOneWholeTracePerRouteTakingTheMedianEdgeDuration() {
        List<ReceivedSpan> spans = new ArrayList<>();
        spans.addAll(request("a", READ, 40));
        spans.addAll(request("b", "POST /api/orders", 20));
        spans.addAll(request("c", READ, 10));
        spans.addAll(request("d", READ, 20));
        spans.add(edge("e", READ, 0, 15)); // no server span: not whole, never the example while whole ones exist

        List<Trace> examples = Traces.examples(spans, GATEWAY);

        assertEquals(
                List.of(READ, "POST /api/orders"),
                examples.stream().map(Trace::route).toList());
        assertEquals(id("d"), examples.get(0).traceId());
        assertTrue(examples.get(0).whole());
    }

    @Test
    void tracesAServiceStartedItselfBelongToNoRoute() {
        List<ReceivedSpan> spans = new ArrayList<>(request("a", READ, 10));
        // A scheduled job's query, sampled by the service's own ratio: a root of the service, not of the gateway.
        spans.add(span("b", "b-cleanup", "", "CLIENT", 3, 4, Map.of("db.system", "postgresql")));

        assertEquals(
                List.of(READ),
                Traces.examples(spans, GATEWAY).stream().map(Trace::route).toList());
    }

    @Test
    void aRouteWithoutAWholeTraceShowsItsFirstWithItsProblems() {
        List<Trace> examples = Traces.examples(List.of(edge("e", READ, 0, 15)), GATEWAY);

        assertEquals(1, examples.size());
        assertEquals(id("e"), examples.get(0).traceId());
        assertTrue(examples.get(0).problems().get(0).contains("no server span"), examples.toString());
    }

    @Test
    void laysOutTheWaterfallParentFirstWithOffsetsFromTheEdge() {
        List<ReceivedSpan> arrived = new ArrayList<>(request("a", READ, 10));
        arrived.add(1, span("a", "a-second", "a-server", "CLIENT", 6, 7, Map.of("db.system", "postgresql")));
        Collections.reverse(arrived);

        Trace trace = Traces.toResult(READ, arrived);

        assertEquals(
                List.of("a-edge", "a-server", "a-query", "a-second"),
                trace.spans().stream().map(TraceSpan::spanId).toList());
        TraceSpan query = trace.spans().get(2);
        assertEquals(Optional.of("a-server"), query.parentSpanId());
        assertEquals(2.0, query.startOffsetMs());
        assertEquals(1.0, query.durationMs());
        assertEquals(TraceSpan.SpanKind.CLIENT, query.kind());
        assertEquals(Optional.empty(), trace.spans().get(0).parentSpanId());
    }

    @Test
    void anEdgeSpanSendsItsIdsAndRouteOnward() {
        EdgeSpan.Opened edge = EdgeSpan.open(GATEWAY, READ, true);

        ReceivedSpan ended = edge.end(200);

        assertTrue(edge.traceparent().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), edge.traceparent());
        assertEquals(edge.traceparent(), "00-" + ended.traceId() + "-" + ended.spanId() + "-01");
        assertTrue(ended.root());
        assertEquals(READ, Traces.route(ended));
        assertTrue(EdgeSpan.open(GATEWAY, READ, false).traceparent().endsWith("-00"));
    }

    @Test
    void samplesAtTheEdgeAsTheServicesSamplerWouldSampleANewTrace() {
        String low = "0123456789abcdef" + "0000000000000001";
        String high = "0123456789abcdef" + "7fffffffffffff00";

        assertTrue(EdgeSpan.sampledAtRoot(low, 0.1));
        assertEquals(false, EdgeSpan.sampledAtRoot(high, 0.1));
        assertTrue(EdgeSpan.sampledAtRoot(high, 1.0));
        assertEquals(false, EdgeSpan.sampledAtRoot(low, 0.0));
        long sampled = java.util.stream.IntStream.range(0, 10_000)
                .filter(i -> EdgeSpan.start(null, 0.1).sampled())
                .count();
        assertTrue(sampled > 850 && sampled < 1150, sampled + " of 10,000 sampled at 0.1");
    }

    /** Edge, server, one query, all in trace {@code t}. */
    private static List<ReceivedSpan> request(String t, String route, long edgeMs) {
        return List.of(
                edge(t, route, 0, edgeMs),
                span(t, t + "-server", t + "-edge", "SERVER", 1, edgeMs - 1, Map.of()),
                span(t, t + "-query", t + "-server", "CLIENT", 2, 3, Map.of("db.system", "postgresql")));
    }

    private static ReceivedSpan edge(String t, String route, long fromMs, long toMs) {
        String[] methodAndRoute = route.split(" ", 2);
        return new ReceivedSpan(
                GATEWAY,
                id(t),
                t + "-edge",
                "",
                route,
                "SERVER",
                T0 + fromMs * MS,
                T0 + toMs * MS,
                0,
                Map.of("http.request.method", methodAndRoute[0], "http.route", methodAndRoute[1]));
    }

    private static ReceivedSpan span(
            String t, String spanId, String parent, String kind, long fromMs, long toMs, Map<String, String> attrs) {
        return new ReceivedSpan(
                SERVICE, id(t), spanId, parent, spanId, kind, T0 + fromMs * MS, T0 + toMs * MS, 0, attrs);
    }

    private static String id(String t) {
        return t.repeat(32);
    }
}
