package dev.twinstack.report;

import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import dev.twinstack.results.Trace;
import dev.twinstack.results.TraceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The example traces (one per route, {@code targets[].traces}) as waterfalls, for both pages: each span a row, indented
 * under its parent, with its offset from the trace's start and its duration, and a bar placed on the trace's time axis.
 */
final class Waterfall {

    static final String TITLE = "One trace per route";

    static final String EXPLANATION =
            "One request per route followed through every hop, as each hop exported its spans "
                    + "to the lab over OTLP: the gateway's edge span (the trace's root, where the traceparent is created), the "
                    + "function's or the replica's server span, and its database spans. Each bar starts at the span's offset from "
                    + "the edge span's start and is as long as the span. A trace is whole when the server span is a child of "
                    + "the edge span and a database span lies below the server span.";

    static final String ABSENT =
            "results.json carries no example traces (targets[].traces): the lab received no target's telemetry.";

    static final List<String> HEADINGS = List.of("span", "service", "kind", "start", "duration");

    /** Width of the Markdown page's text bars, in characters. */
    static final int TEXT_COLUMNS = 40;

    /** A span placed on its trace's time axis. */
    record Bar(TraceSpan span, int depth, double leftPercent, double widthPercent) {

        List<String> cells() {
            return List.of(
                    span.name(),
                    span.service(),
                    span.kind().name().toLowerCase(Locale.ROOT),
                    Format.ms(span.startOffsetMs()),
                    Format.ms(span.durationMs()));
        }
    }

    /** A target's example of one route. */
    record Example(String target, Trace trace) {

        String heading() {
            return target + ": " + trace.route();
        }

        String verdict() {
            return trace.whole()
                    ? "whole: edge → server → database, trace " + trace.traceId()
                    : "BROKEN (" + String.join("; ", trace.problems()) + "), trace " + trace.traceId();
        }
    }

    private Waterfall() {}

    /** Every target's examples, targets in run order. */
    static List<Example> examples(Results results) {
        List<Example> examples = new ArrayList<>();
        for (TargetResult target : results.targets()) {
            target.traces().orElse(List.of()).forEach(t -> examples.add(new Example(target.name(), t)));
        }
        return examples;
    }

    /** The trace's spans in its order (a span after its parent), each with its depth below the root and its bar. */
    static List<Bar> bars(Trace trace) {
        double end = trace.spans().stream()
                .mapToDouble(s -> s.startOffsetMs() + s.durationMs())
                .max()
                .orElse(0);
        Map<String, Integer> depths = new HashMap<>();
        List<Bar> bars = new ArrayList<>();
        for (TraceSpan span : trace.spans()) {
            int depth =
                    span.parentSpanId().map(p -> depths.getOrDefault(p, -1) + 1).orElse(0);
            depths.put(span.spanId(), depth);
            double left = end > 0 ? 100 * span.startOffsetMs() / end : 0;
            double width = end > 0 ? 100 * span.durationMs() / end : 100;
            bars.add(new Bar(span, depth, round(left), round(width)));
        }
        return bars;
    }

    /** The bar as text: {@code ·} before and after the span, {@code █} while it runs, at least one {@code █}. */
    static String textBar(Bar bar) {
        int from = (int) Math.min(TEXT_COLUMNS - 1, Math.floor(bar.leftPercent() * TEXT_COLUMNS / 100));
        int length = (int) Math.max(1, Math.round(bar.widthPercent() * TEXT_COLUMNS / 100));
        int to = Math.min(TEXT_COLUMNS, from + length);
        return "·".repeat(from) + "█".repeat(to - from) + "·".repeat(TEXT_COLUMNS - to);
    }

    /**
     * The span's name indented by its depth, as the Markdown page's first column shows it (no-break spaces: a table
     * cell's leading spaces are dropped).
     */
    static String indented(Bar bar) {
        return "\u00a0\u00a0".repeat(Math.max(0, bar.depth()))
                + (bar.depth() > 0 ? "└ " : "")
                + bar.span().name();
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
