package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewayRoute;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hybrid target's gateway on both pages: routes by serving side, the sides, the spillover experiment. */
class HybridSectionTest {

    private static final Gateway SPILLED = new Gateway(
            true,
            List.of(
                    new GatewayRoute("ANY /api/users", "lambda", 40, 0, new Percentiles(40, 12, 30, 45, 60), 3, 2),
                    new GatewayRoute("ANY /api/{proxy+}", "k8s", 150, 0, new Percentiles(150, 8, 20, 35, 50), 2, 0),
                    new GatewayRoute(
                            "ANY /api/{proxy+}", "lambda", 25, 1, new Percentiles(25, 240, 900, 1100, 1100), 0, 0)),
            List.of(
                    new GatewaySide(
                            "lambda",
                            "twinstack-hybrid-lambda",
                            65,
                            25,
                            Optional.of(3),
                            List.of(new ConnectionSample(0.25, 3, 1, 2, 0))),
                    new GatewaySide("k8s", "twinstack-k8s", 150, 25, Optional.of(16), List.of())),
            25,
            new Percentiles(25, 240, 900, 1100, 1100),
            new Percentiles(25, 3, 6, 9, 9),
            215,
            "hybrid/edge-spans.jsonl");

    @Test
    void tellsEachRouteBySideAndWhatTheSpilledRequestsCost() throws IOException {
        String html = render("hybrid-html");

        assertTrue(html.contains("<section id=\"hybrid\">"), "hybrid section");
        assertTrue(
                html.contains(
                        "<tr><th scope=\"row\">ANY /api/{proxy+}</th><td>lambda</td><td>25</td><td>1</td><td>0</td>"),
                html);
        assertTrue(html.contains("<td>25 onto it</td><td>3 connections</td>"), html);
        assertTrue(html.contains("25 requests answered 503 with Retry-After by the Kubernetes side were served by"
                + " Lambda instead, at p50 240 ms / p99 1,100 ms"));
        assertTrue(html.contains("215 edge spans"));
    }

    @Test
    void writesTheHybridSectionIntoReportMdToo() throws IOException {
        render("hybrid-md");

        String md = Files.readString(Fixtures.outputDir("hybrid-md").resolve(Report.MARKDOWN));
        assertTrue(md.contains("## Hybrid: one gateway, both sides"));
        assertTrue(md.contains("| ANY /api/users | lambda | 40 | 0 | 3 | 2 | 12 ms | 30 ms | 45 ms | 60 ms |"), md);
    }

    @Test
    void leavesTheSectionOutOfARunWithoutAHybridTarget() throws IOException {
        String html =
                Files.readString(Report.render(Fixtures.path(Fixtures.THREE_TARGETS), Fixtures.outputDir("no-hybrid")));

        assertFalse(html.contains("<section id=\"hybrid\">"));
    }

    private static String render(String name) throws IOException {
        Results fixture = Fixtures.read(Fixtures.THREE_TARGETS);
        List<TargetResult> targets = fixture.targets().stream()
                .map(t -> t.name().equals("k8s") ? withGateway(t) : t)
                .toList();
        Path out = Fixtures.outputDir(name);
        Files.createDirectories(out);
        Path file = out.resolve("results.json");
        ResultsJson.write(new Results(fixture.schema(), fixture.run(), targets, fixture.cost()), file);
        return Files.readString(Report.render(file, out));
    }

    private static TargetResult withGateway(TargetResult t) {
        Extras e = t.extras();
        return Fixtures.with(
                t,
                t.peakConnections(),
                t.budget(),
                new Extras(e.lambda(), e.pgbouncer(), e.replicas(), e.collected(), Optional.of(SPILLED)));
    }
}
