package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import dev.twinstack.results.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The traces section on real output: the three-target run with, on k8s and on lambda-ondemand, the trace the lab's
 * receiver assembled from a real request through the server build and through function.zip (ServerTraceTest and
 * FunctionTraceTest), one waterfall per route on both pages.
 */
class TracesSectionTest {

    @Test
    void readsBackTheRealTracesAsWritten() throws IOException {
        Results fixture = Fixtures.read(Fixtures.TRACED);
        Path out = Files.createDirectories(Fixtures.outputDir("traces-round-trip"));
        Path file = out.resolve("results.json");

        ResultsJson.write(fixture, file);

        assertEquals(fixture, ResultsJson.read(file));
        assertEquals(
                List.of("lambda-ondemand", "k8s"),
                fixture.targets().stream()
                        .filter(t -> t.traces().isPresent())
                        .map(TargetResult::name)
                        .toList());
    }

    @Test
    void drawsEachRoutesTraceAsAWaterfallOfItsSpans() throws IOException {
        String html =
                Files.readString(Report.render(Fixtures.path(Fixtures.TRACED), Fixtures.outputDir("traces-html")));
        Trace k8s = trace("k8s");

        assertTrue(html.contains("<section id=\"traces\">"), "traces section");
        assertTrue(html.contains("<h3>k8s: GET /api/users</h3>"), html);
        assertTrue(html.contains("whole: edge → server → database, trace " + k8s.traceId()), html);
        assertEquals(
                k8s.spans().size() + trace("lambda-ondemand").spans().size(),
                count(html, "<td class=\"timeline\"><span class=\"bar "),
                "one bar per span");
        assertTrue(
                html.contains("<td class=\"timeline\"><span class=\"bar server\" style=\"left: 0.0%; width: 100.0%\""),
                "the edge span spans the whole axis");
        assertTrue(
                html.contains("style=\"padding-left: 3.0rem\">SELECT twinstack.users</th>"),
                "the query two levels down");
    }

    @Test
    void writesTheWaterfallsIntoReportMdToo() throws IOException {
        Path out = Fixtures.outputDir("traces-md");
        Report.render(Fixtures.path(Fixtures.TRACED), out);

        String md = Files.readString(out.resolve(Report.MARKDOWN));
        assertTrue(md.contains("## " + Waterfall.TITLE), md);
        assertTrue(md.contains("### k8s: GET /api/users"), md);
        assertTrue(md.contains("| GET /api/users | gateway | server | 0 ms |"), md);
        assertTrue(md.contains("| \u00a0\u00a0\u00a0\u00a0└ SELECT twinstack.users | twinstack | client |"), md);
        assertTrue(md.contains("`" + "█".repeat(Waterfall.TEXT_COLUMNS) + "`"), "the edge span's bar fills the axis");
    }

    @Test
    void namesWhereABrokenChainBreaks() throws IOException {
        Results fixture = Fixtures.read(Fixtures.TRACED);
        Trace whole = trace("k8s");
        Trace broken = new Trace(
                whole.route(),
                whole.traceId(),
                List.of("no server span of another service is a child of the edge span"),
                whole.spans().subList(0, 1));
        List<TargetResult> targets = fixture.targets().stream()
                .map(t -> t.name().equals("k8s") ? t.withTraces(List.of(broken)) : t)
                .toList();
        Path out = Files.createDirectories(Fixtures.outputDir("traces-broken"));
        Path file = out.resolve("results.json");
        ResultsJson.write(new Results(fixture.schema(), fixture.run(), targets, fixture.cost()), file);

        String html = Files.readString(Report.render(file, out));

        assertTrue(
                html.contains(
                        "<p class=\"trace-verdict broken\">BROKEN (no server span of another service is a child of "
                                + "the edge span), trace " + whole.traceId() + "</p>"),
                html);
    }

    @Test
    void saysWhenNoTraceWasReceived() throws IOException {
        String html = Files.readString(
                Report.render(Fixtures.path(Fixtures.THREE_TARGETS), Fixtures.outputDir("traces-absent")));

        assertTrue(html.contains("<p class=\"absent\">Not measured in this run: " + HtmlPage.esc(Waterfall.ABSENT)));
        assertFalse(html.contains("<table class=\"waterfall\">"));
    }

    private static Trace trace(String target) throws IOException {
        return Fixtures.read(Fixtures.TRACED).targets().stream()
                .filter(t -> t.name().equals(target))
                .findFirst()
                .flatMap(TargetResult::traces)
                .orElse(List.of())
                .stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError(target + " has no trace in " + Fixtures.TRACED));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
