package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rendered page and report.md: self-contained, every chart with units and legend, every section present. */
class ReportTest {

    private static final String CHARTS_START = "<script type=\"application/json\" id=\"charts\">";

    private static Path page;
    private static String html;
    private static String markdown;
    private static JsonNode charts;

    @BeforeAll
    static void renderTheThreeTargetFixture() throws IOException {
        Path out = Fixtures.outputDir("three-targets");
        page = Report.render(Fixtures.path(Fixtures.THREE_TARGETS), out);
        html = Files.readString(page);
        markdown = Files.readString(out.resolve(Report.MARKDOWN));
        charts = chartsOf(html);
    }

    @Test
    void writesTheHtmlPageAndReportMdIntoTheOutputFolder() {
        assertEquals(Fixtures.outputDir("three-targets").resolve("report.html"), page);
        assertTrue(markdown.startsWith("# Twinstack: Lambda and Kubernetes side by side"));
    }

    @Test
    void inlinesTheChartLibrarySoThePageOpensOffline() {
        assertTrue(html.contains(HtmlPage.resource(HtmlPage.ECHARTS)), "echarts.min.js inlined");
        assertFalse(html.contains("<script src"), "no external script");
        assertFalse(html.contains("<link"), "no external stylesheet");
        assertFalse(html.contains("src=\"http"), "nothing fetched from the network");
    }

    @Test
    void drawsEveryChartKindForEveryTargetWithData() {
        List<String> ids = new ArrayList<>();
        charts.fieldNames().forEachRemaining(ids::add);

        assertEquals(
                List.of(
                        "latency-percentiles-over-time-0",
                        "latency-percentiles-over-time-1",
                        "latency-percentiles-over-time-2",
                        "cold-vs-warm-latency-0",
                        "cold-vs-warm-latency-1",
                        "cold-vs-warm-latency-2",
                        "cold-start-distribution-0",
                        "cold-start-distribution-1",
                        "cold-start-distribution-2",
                        "database-connections-over-time-0",
                        "database-connections-over-time-1",
                        "database-connections-over-time-2",
                        "pgbouncer-pool-over-time-1",
                        "throughput-and-errors-over-time-0",
                        "throughput-and-errors-over-time-1",
                        "throughput-and-errors-over-time-2",
                        "cost-chart"),
                ids);
        ids.forEach(id -> assertTrue(html.contains("<div class=\"chart") && html.contains("id=\"" + id + "\""), id));
    }

    @Test
    void namesTheUnitOfEveryAxisAndHasALegend() {
        charts.fields().forEachRemaining(chart -> {
            JsonNode option = chart.getValue();
            assertTrue(option.path("unit").isTextual(), chart.getKey() + " tooltip unit");
            assertTrue(option.has("legend"), chart.getKey() + " legend");
            for (String axis : List.of("xAxis", "yAxis")) {
                String name = option.path(axis).path("name").asText();
                assertTrue(
                        name.matches(
                                ".*\\((ms|s|count|USD/month)[^)]*\\)|.*per (second|month).*|percentile.*|.*latency.*"),
                        chart.getKey() + " " + axis + " names its unit: " + name);
            }
        });
    }

    @Test
    void tellsLinesApartByDashAndMarkerAndBarsByPattern() {
        charts.fields().forEachRemaining(chart -> {
            JsonNode option = chart.getValue();
            assertTrue(option.path("aria").path("decal").path("show").asBoolean(), chart.getKey() + " decals");
            Set<String> styles = new HashSet<>();
            for (JsonNode series : option.path("series")) {
                if (series.path("type").asText().equals("line")) {
                    String style = series.path("lineStyle").path("type") + "/" + series.path("symbol");
                    assertTrue(styles.add(style), chart.getKey() + " repeats line style " + style);
                }
            }
        });
    }

    @Test
    void sharesTheTimeAxisAcrossTargets() {
        for (String kind : List.of("database-connections-over-time", "throughput-and-errors-over-time")) {
            for (int target = 0; target < 3; target++) {
                JsonNode x = charts.path(kind + "-" + target).path("xAxis");
                assertEquals(0, x.path("min").asInt(), kind);
                assertEquals(16, x.path("max").asInt(), kind);
            }
        }
        // max_connections 40 × 1.1 rounds up to 50 on every target's connection chart.
        assertEquals(
                50,
                charts.path("database-connections-over-time-0")
                        .path("yAxis")
                        .path("max")
                        .asInt());
        assertEquals(
                50,
                charts.path("database-connections-over-time-2")
                        .path("yAxis")
                        .path("max")
                        .asInt());
    }

    @Test
    void drawsMaxConnectionsThePoolAndTheBudgetAsLimits() {
        assertEquals(
                List.of("max_connections = 40", "predicted worst case = 10"),
                limits("database-connections-over-time-0"));
        assertEquals(
                List.of("max_connections = 40", "PgBouncer pool = 4", "predicted worst case = 4"),
                limits("database-connections-over-time-1"));
        assertEquals(List.of("pool_size = 4"), limits("pgbouncer-pool-over-time-1"));
    }

    @Test
    void chartsTheConnectionSamplesAsTheyWereMeasured() {
        JsonNode total =
                charts.path("database-connections-over-time-2").path("series").get(0);

        assertEquals("total", total.path("name").asText());
        assertEquals(16, total.path("data").size());
        assertEquals(5.1, total.path("data").get(5).get(0).asDouble());
        assertEquals(20.0, total.path("data").get(5).get(1).asDouble());
    }

    @Test
    void stacksErrorsByCauseWhereTheLabSplitsThem() {
        List<String> names = new ArrayList<>();
        charts.path("throughput-and-errors-over-time-0")
                .path("series")
                .forEach(s -> names.add(s.path("name").asText()));

        assertEquals(List.of("requests/s", "errors/s: throttle", "errors/s: timeout"), names);
    }

    @Test
    void putsBudgetArithmeticBesideTheMeasuredPeak() {
        assertTrue(html.contains("<td>35 connections</td><td>40 connections</td><td>20 connections</td>"
                + "<td>measured peak within the prediction</td><td><code>(maxReplicas 2 + maxSurge 1)"
                + " × (pool 10 + 1 readiness) + migration Job 2 = 35 connections</code>"));
        assertTrue(markdown.contains(
                "| lambda-direct | 10 connections | 40 connections | 3 connections | measured peak within"
                        + " the prediction | reserved concurrency 10 × pool 1 = 10 connections |"));
    }

    @Test
    void showsTheCostProjectionWithItsAssumptions() {
        assertTrue(
                html.contains("<th scope=\"row\">500,000,000 requests/month</th><td>$1,310.00</td><td>$578.40</td>"));
        assertTrue(html.contains("cross at about 55,300,000 requests/month"));
        assertTrue(html.contains("prices taken on 2026-11-01"));
        assertTrue(html.contains("<li>HTTP API in front of Lambda; RDS Proxy at 2 vCPU</li>"));
        assertTrue(markdown.contains("| 1,000,000 requests/month | $2.62 | $96.40 |"));
    }

    @Test
    void plotsCostAgainstVolumeInMillionsWithTheCrossover() {
        JsonNode lambda = charts.path("cost-chart").path("series").get(0);

        assertEquals(500.0, lambda.path("data").get(3).get(0).asDouble());
        assertEquals(1_310.0, lambda.path("data").get(3).get(1).asDouble());
        assertEquals(
                55.3, lambda.path("markLine").path("data").get(0).path("xAxis").asDouble());
    }

    @Test
    void linksEachGatlingReportRelativeToThePage() {
        // The fixture sits in target/test-classes, the page in target/report-tests/three-targets.
        assertTrue(html.contains(
                "<a href=\"../../test-classes/k8s/gatling/crudsimulation-20261123213212003/index.html\">"));
        assertTrue(
                markdown.contains(
                        "[lambda-ondemand](../../test-classes/lambda-ondemand/gatling/crudsimulation-20261123213112002/index.html)"));
    }

    @Test
    void printsTheColdP50RatioOfSnapStartToOnDemandBesideTheSummary() {
        String sentence = "lambda-direct&#39;s client-observed cold p50 (SnapStart restores) is 3,712 ms,";
        assertTrue(html.contains("<ul id=\"cold-start-ratio\">"), "the ratio's list");
        assertTrue(html.contains(sentence), "the ratio in the page");
        assertTrue(markdown.contains("(on-demand inits) 3,890 ms in the same run: a ratio of 0.95."));
    }

    @Test
    void statesTheLambdaColdStartsForATerminalAsThePageDoes() throws IOException {
        var lines = Report.coldStarts(Fixtures.read(Fixtures.THREE_TARGETS));

        assertEquals(
                List.of(
                        "lambda-direct: 3 restores / 0 on-demand inits; Restore Duration p50 / p99 311 ms / 342 ms (of 3"
                                + " restores); Init Duration p50 none in this run",
                        "lambda-ondemand: 0 restores / 3 on-demand inits; Restore Duration p50 / p99 none in this run;"
                                + " Init Duration p50 2,510 ms (of 3 cold starts)",
                        "lambda-direct's client-observed cold p50 (SnapStart restores) is 3,712 ms, lambda-ondemand's"
                                + " (on-demand inits) 3,890 ms in the same run: a ratio of 0.95."),
                lines);
    }

    @Test
    void drawsRestoreDurationsInTheColdStartDistribution() {
        List<String> names = new ArrayList<>();
        charts.path("cold-start-distribution-0")
                .path("series")
                .forEach(s -> names.add(s.path("name").asText()));

        assertEquals(List.of("client-observed latency", "Restore Duration (Lambda REPORT)"), names);
    }

    @Test
    void carriesTheRunsParametersAndCaveats() {
        assertTrue(html.contains("<dt>database max_connections</dt><dd>40 connections</dd>"));
        assertTrue(html.contains("<dt>machine</dt><dd>2 cores, Linux amd64, Java 17.0.15</dd>"));
        assertTrue(html.contains("Restore Duration here leaves out the time AWS spends loading the snapshot"));
        assertTrue(markdown.contains("- Every local snapshot copy runs its own init"));
        assertTrue(markdown.contains("- idle gap between bursts: 20 s"));
        assertTrue(markdown.contains("- targets skipped: none"));
    }

    @Test
    void saysNotMeasuredForWhatARunLacksAndDrawsWhatItHas() throws IOException {
        Path out = Fixtures.outputDir("k8s-only");
        String k8sOnly = Files.readString(Report.render(Fixtures.path(Fixtures.K8S_ONLY), out));
        JsonNode k8sCharts = chartsOf(k8sOnly);

        assertEquals(4, k8sCharts.size());
        assertTrue(
                k8sOnly.contains("Not measured in this run: results.json carries no per-second latency percentiles"));
        assertTrue(k8sOnly.contains("Not measured in this run: results.json carries no connection budget"));
        assertTrue(k8sOnly.contains("Not measured in this run: results.json carries no cost projection"));
        assertTrue(Files.readString(out.resolve(Report.MARKDOWN))
                .contains("Not measured in this run: results.json carries no cost projection."));
    }

    @Test
    void commandRendersFromResultsJsonAloneAndPrintsThePagesPath() throws IOException {
        Path out = Fixtures.outputDir("command");
        String printed = console(() ->
                assertEquals(0, Report.run(Fixtures.path(Fixtures.THREE_TARGETS).toString(), "--out", out.toString())));

        assertTrue(printed.startsWith("Report: " + out.resolve("report.html").toAbsolutePath()), printed);
        assertTrue(Files.isRegularFile(out.resolve("report.md")));
    }

    @Test
    void commandListsEveryOptionOnHelp() {
        String printed = console(() -> assertEquals(0, Report.run("-h")));

        for (String option : List.of("<results.json>", "-o, --out=<dir>", "-h, --help", "-V, --version")) {
            assertTrue(printed.contains(option), option + " in\n" + printed);
        }
    }

    @Test
    void commandRefusesAResultsFileOfAnotherShapeAndSaysWhy() throws IOException {
        Path stale = Files.createDirectories(Fixtures.outputDir("stale")).resolve("results.json");
        Files.writeString(
                stale,
                Files.readString(Fixtures.path(Fixtures.K8S_ONLY))
                        .replace("\"startedAtLoadSecond\"", "\"port\": 44979, \"startedAtLoadSecond\""));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, Report.run(stale.toString()));
        } finally {
            System.setErr(stderr);
        }

        String message = errors.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("Unrecognized field \"port\""), message);
        assertTrue(message.contains("at targets[0].extras.replicas[0].port"), message);
    }

    private static String console(Runnable command) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            command.run();
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static List<String> limits(String chartId) {
        return StreamSupport.stream(
                        charts.path(chartId)
                                .path("series")
                                .get(0)
                                .path("markLine")
                                .path("data")
                                .spliterator(),
                        false)
                .map(l -> l.path("name").asText())
                .toList();
    }

    static JsonNode chartsOf(String page) throws IOException {
        int start = page.indexOf(CHARTS_START) + CHARTS_START.length();
        return new ObjectMapper().readTree(page.substring(start, page.indexOf("</script>", start)));
    }
}
