package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Cost;
import dev.twinstack.results.CostSplit;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                            List.of(new ConnectionSample(0.25, 3, 1, 2, 0), new ConnectionSample(1.0, 2, 1, 1, 0))),
                    new GatewaySide(
                            "k8s",
                            "twinstack-k8s",
                            150,
                            25,
                            Optional.of(16),
                            List.of(new ConnectionSample(0.5, 10, 4, 6, 0), new ConnectionSample(1.0, 16, 8, 8, 0)))),
            25,
            new Percentiles(25, 240, 900, 1100, 1100),
            new Percentiles(25, 3, 6, 9, 9),
            215,
            "hybrid/edge-spans.jsonl");

    /** The fixture's k8s target (which carries the gateway here) predicts 35 connections. */
    private static final long BOUND = 35;

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
    void stacksBothSidesOnOneTimeGridEachAtItsLatestSample() {
        List<HybridTable.Stacked> rows = HybridTable.stacked(SPILLED);

        // Lambda sampled at 0.25 s (3) and 1.0 s (2), Kubernetes at 0.5 s (10) and 1.0 s (16): Kubernetes has none
        // before its first sample, Lambda holds 3 until its next.
        assertEquals(
                List.of(
                        new HybridTable.Stacked(0.25, List.of(3, 0)),
                        new HybridTable.Stacked(0.5, List.of(3, 10)),
                        new HybridTable.Stacked(1.0, List.of(2, 16))),
                rows);
    }

    @Test
    void drawsBothSidesStackedUnderTheSummedBoundOnBothPages() throws IOException {
        String html = render("hybrid-stacked-html");
        String md = Files.readString(Fixtures.outputDir("hybrid-stacked-html").resolve(Report.MARKDOWN));

        String peak = "Both sides' server connections stacked peaked at 18 together at 1.0 s (lambda 2 + k8s 16),"
                + " against the summed bound of " + BOUND;
        assertTrue(html.contains("id=\"hybrid-connections-0\""), "the stacked chart's place");
        // The top of the stack is both sides together at each instant: 3, 13, 18.
        assertTrue(
                html.contains("\"name\":\"k8s (twinstack-k8s*), stacked\"")
                        && html.contains("[[0.25,3.0],[0.5,13.0],[1.0,18.0]]"),
                "areas stacked");
        assertTrue(html.contains("summed bound = " + BOUND), "the summed bound's line");
        assertTrue(html.contains(peak.replace("'", "&#39;")), html);
        assertTrue(md.contains(peak), md);
    }

    @Test
    void showsTheMeasuredSplitsBillBesideAllLambdaAndAllKubernetesOnBothPages() throws IOException {
        String html = render("hybrid-cost-html");
        String md = Files.readString(Fixtures.outputDir("hybrid-cost-html").resolve(Report.MARKDOWN));

        String split = "hybrid column: the split the gateway measured, 30.2 % of requests on Lambda (65 by the Lambda"
                + " side, 150 by the Kubernetes side)";
        assertTrue(html.contains(split), html);
        assertTrue(html.contains("<th scope=\"col\">hybrid (USD/month)</th>"), "the split's column");
        assertTrue(md.contains(split), md);
        assertTrue(md.contains("| hybrid (USD/month) |"), md);
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
        ResultsJson.write(
                new Results(
                        fixture.schema(), fixture.run(), targets, fixture.cost().map(c -> withSplit(c))),
                file);
        return Files.readString(Report.render(file, out));
    }

    /** The fixture's cost with a hybrid split: 65 requests of 215 on Lambda. */
    private static Cost withSplit(Cost cost) {
        int n = cost.volumes().size();
        List<Double> lambdaSide = java.util.Collections.nCopies(n, 23.77);
        List<Double> api = java.util.Collections.nCopies(n, 10.0);
        List<Double> k8sSide = java.util.Collections.nCopies(n, 147.22);
        Map<String, List<Double>> monthly = new LinkedHashMap<>(cost.monthlyUsd());
        monthly.put("hybrid", java.util.Collections.nCopies(n, 180.99));
        return new Cost(
                cost.assumptions(),
                cost.pricingDate(),
                cost.volumes(),
                monthly,
                cost.crossoverRequestsPerMonth(),
                Optional.of(new CostSplit("hybrid", 65, 150, 65.0 / 215, lambdaSide, api, k8sSide)));
    }

    private static TargetResult withGateway(TargetResult t) {
        Extras e = t.extras();
        return Fixtures.with(
                t,
                t.peakConnections(),
                t.budget(),
                new Extras(
                        e.lambda(),
                        e.pgbouncer(),
                        e.replicas(),
                        e.collected(),
                        Optional.of(SPILLED),
                        Optional.empty()));
    }
}
