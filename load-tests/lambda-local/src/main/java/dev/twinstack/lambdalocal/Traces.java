package dev.twinstack.lambdalocal;

import dev.twinstack.lambdalocal.OtlpReceiver.ReceivedSpan;
import dev.twinstack.results.Trace;
import dev.twinstack.results.TraceSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Traces put together from the spans an {@link OtlpReceiver} received: grouped by trace id, checked for the parent
 * chain one request through the lab must form (the gateway's edge span, as root; a server span of the function or of a
 * replica as its child; a database span below that server span), and one example per route as results.json carries it
 * ({@link Trace}).
 */
public final class Traces {

    private Traces() {}

    /** The spans of each trace, traces in the order their first span arrived, spans in arrival order. */
    public static Map<String, List<ReceivedSpan>> byTrace(List<ReceivedSpan> spans) {
        Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>();
        for (ReceivedSpan span : spans) {
            traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        }
        return traces;
    }

    /**
     * Where the chain edge → server → database breaks in one trace's spans, one sentence each; empty when it is whole:
     * one trace id; one root, the edge span; every other span's parent received; a server span (of another service than
     * the edge's) whose parent is the edge span; a database span below that server span. A hop that dropped the
     * {@code traceparent} starts a trace of its own, which leaves the edge's trace without its server span.
     */
    public static List<String> problems(List<ReceivedSpan> trace) {
        List<String> problems = new ArrayList<>();
        if (trace.isEmpty()) {
            return List.of("no span was received");
        }
        Set<String> traceIds = new HashSet<>();
        trace.forEach(s -> traceIds.add(s.traceId()));
        if (traceIds.size() > 1) {
            problems.add("spans of " + traceIds.size() + " traces were put together: " + traceIds);
        }
        Map<String, ReceivedSpan> byId = new HashMap<>();
        for (ReceivedSpan span : trace) {
            if (byId.put(span.spanId(), span) != null) {
                problems.add("span id " + span.spanId() + " was received twice");
            }
        }
        List<ReceivedSpan> roots = trace.stream().filter(ReceivedSpan::root).toList();
        if (roots.size() != 1) {
            problems.add(
                    roots.isEmpty()
                            ? "no root span: the edge span was not received"
                            : roots.size() + " root spans (" + describe(roots) + "), not one edge span");
        }
        for (ReceivedSpan span : trace) {
            if (!span.root() && !byId.containsKey(span.parentSpanId())) {
                problems.add(describe(span) + "'s parent " + span.parentSpanId() + " was not received");
            }
        }
        if (roots.size() != 1) {
            return problems;
        }
        ReceivedSpan edge = roots.get(0);
        List<ReceivedSpan> servers = trace.stream()
                .filter(s -> s.kind().equals("SERVER")
                        && s.parentSpanId().equals(edge.spanId())
                        && !s.service().equals(edge.service()))
                .toList();
        if (servers.isEmpty()) {
            problems.add("no server span of another service is a child of the edge span " + describe(edge));
            return problems;
        }
        boolean database = trace.stream()
                .filter(Traces::database)
                .anyMatch(s -> servers.stream().anyMatch(server -> below(s, server, byId)));
        if (!database) {
            problems.add("no database span below the server span " + describe(servers.get(0)));
        }
        return problems;
    }

    /** Whether the chain edge → server → database is whole ({@link #problems} finds nothing). */
    public static boolean whole(List<ReceivedSpan> trace) {
        return problems(trace).isEmpty();
    }

    /**
     * One example trace per route, routes in the order their first trace arrived: among a route's whole traces the one
     * whose edge span took the median time (a typical request, not the first cold one nor the slowest); a route
     * without a whole trace shows its first trace with its problems. Only traces rooted at an edge span of {@code
     * edgeService} count, and a trace's route is its edge span's ({@link #route}): a trace a service started itself (a
     * request that came without a {@code traceparent}, a scheduled job, start-up queries; sampled by the service's own
     * ratio) belongs to no route.
     */
    public static List<Trace> examples(List<ReceivedSpan> spans, String edgeService) {
        Map<String, List<List<ReceivedSpan>>> byRoute = new LinkedHashMap<>();
        for (List<ReceivedSpan> trace : byTrace(spans).values()) {
            trace.stream()
                    .filter(s -> s.root() && s.service().equals(edgeService))
                    .findFirst()
                    .ifPresent(root -> byRoute.computeIfAbsent(route(root), r -> new ArrayList<>())
                            .add(trace));
        }
        List<Trace> examples = new ArrayList<>();
        byRoute.forEach((route, traces) -> {
            List<List<ReceivedSpan>> whole = traces.stream()
                    .filter(Traces::whole)
                    .sorted(Comparator.comparingLong(Traces::rootNanos))
                    .toList();
            List<ReceivedSpan> example = whole.isEmpty() ? traces.get(0) : whole.get((whole.size() - 1) / 2);
            examples.add(toResult(route, example));
        });
        return examples;
    }

    /**
     * The route a root span names: its {@code http.route} attribute with the method before it when both are there
     * ({@code GET /api/users/{id}}), else its name.
     */
    public static String route(ReceivedSpan root) {
        String route = root.attributes().get("http.route");
        String method = root.attributes()
                .getOrDefault("http.request.method", root.attributes().get("http.method"));
        if (route == null) {
            return root.name();
        }
        return method == null ? route : method + " " + route;
    }

    /**
     * One trace as results.json carries it: spans in waterfall order (a span after its parent, siblings by start,
     * spans whose parent is missing after the tree, by start), offsets from the earliest start.
     */
    public static Trace toResult(String route, List<ReceivedSpan> trace) {
        long origin =
                trace.stream().mapToLong(ReceivedSpan::startEpochNanos).min().orElse(0);
        Map<String, List<ReceivedSpan>> children = new HashMap<>();
        Set<String> ids = new HashSet<>();
        trace.forEach(s -> ids.add(s.spanId()));
        List<ReceivedSpan> tops = new ArrayList<>();
        for (ReceivedSpan span : trace) {
            if (span.root() || !ids.contains(span.parentSpanId())) {
                tops.add(span);
            } else {
                children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>())
                        .add(span);
            }
        }
        Comparator<ReceivedSpan> byStart = Comparator.comparingLong(ReceivedSpan::startEpochNanos);
        // Roots first, then the orphans of a broken chain.
        tops.sort(Comparator.comparing((ReceivedSpan s) -> !s.root()).thenComparing(byStart));
        List<ReceivedSpan> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (ReceivedSpan top : tops) {
            place(top, children, byStart, ordered, placed);
        }
        List<TraceSpan> spans = ordered.stream()
                .map(s -> new TraceSpan(
                        s.name(),
                        s.service(),
                        s.spanId(),
                        s.root() ? Optional.empty() : Optional.of(s.parentSpanId()),
                        millis(s.startEpochNanos() - origin),
                        millis(s.endEpochNanos() - s.startEpochNanos()),
                        kind(s.kind())))
                .toList();
        String traceId = trace.isEmpty() ? "" : trace.get(0).traceId();
        return new Trace(route, traceId, problems(trace), spans);
    }

    private static void place(
            ReceivedSpan span,
            Map<String, List<ReceivedSpan>> children,
            Comparator<ReceivedSpan> byStart,
            List<ReceivedSpan> ordered,
            Set<String> placed) {
        if (!placed.add(span.spanId())) {
            return;
        }
        ordered.add(span);
        List<ReceivedSpan> below = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
        below.sort(byStart);
        for (ReceivedSpan child : below) {
            place(child, children, byStart, ordered, placed);
        }
    }

    /** A span a JDBC instrumentation wrote: its {@code db.system} (or newer {@code db.system.name}) attribute. */
    static boolean database(ReceivedSpan span) {
        return span.attributes().containsKey("db.system") || span.attributes().containsKey("db.system.name");
    }

    private static boolean below(ReceivedSpan span, ReceivedSpan ancestor, Map<String, ReceivedSpan> byId) {
        ReceivedSpan at = span;
        // Bounded by the trace's size, in case of a cycle in what was received.
        for (int hops = 0; hops <= byId.size() && !at.root(); hops++) {
            if (at.parentSpanId().equals(ancestor.spanId())) {
                return true;
            }
            at = byId.get(at.parentSpanId());
            if (at == null) {
                return false;
            }
        }
        return false;
    }

    private static long rootNanos(List<ReceivedSpan> trace) {
        return trace.stream()
                .filter(ReceivedSpan::root)
                .mapToLong(s -> s.endEpochNanos() - s.startEpochNanos())
                .findFirst()
                .orElse(0);
    }

    private static TraceSpan.SpanKind kind(String otlp) {
        try {
            return TraceSpan.SpanKind.valueOf(otlp.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unspecified) {
            // OTLP's SPAN_KIND_UNSPECIFIED: the API's default kind.
            return TraceSpan.SpanKind.INTERNAL;
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static String describe(List<ReceivedSpan> spans) {
        return String.join(", ", spans.stream().map(Traces::describe).toList());
    }

    private static String describe(ReceivedSpan span) {
        return span.service() + " " + span.kind() + " \"" + span.name() + "\" (" + span.spanId() + ")";
    }
}
