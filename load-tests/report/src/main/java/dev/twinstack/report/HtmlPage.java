package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinstack.results.Cost;
import dev.twinstack.results.MetricSeries;
import dev.twinstack.results.Results;
import dev.twinstack.results.Run;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The self-contained page: the summary table, the charts (ECharts inlined from its WebJar, drawn as SVG so they print
 * sharply), the budget and cost sections, the run's parameters and caveats, and links to each target's Gatling report.
 */
final class HtmlPage {

    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private final Results results;
    private final Links links;
    private final Figures.Axes axes;
    private final Map<String, ObjectNode> charts = new LinkedHashMap<>();
    private final StringBuilder html = new StringBuilder();

    private HtmlPage(Results results, Links links) {
        this.results = results;
        this.links = links;
        this.axes = Figures.axes(results);
    }

    static String render(Results results, Links links) {
        return new HtmlPage(results, links).page();
    }

    private String page() {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Twinstack comparison: ")
                .append(esc(String.join(" · ", targetNames())))
                .append("</title>\n<style>\n")
                .append(resource("/dev/twinstack/report/report.css"))
                .append("</style>\n</head>\n<body>\n");
        header();
        summary();
        chartSection(
                "Latency percentiles over time",
                "p50, p95 and p99 of the requests in each second, in ms.",
                t -> t.requests().timeline().stream().anyMatch(Figures::hasPercentiles),
                t -> Charts.latencyOverTime(t, axes),
                "results.json carries no per-second latency percentiles (requests.timeline[].p50/p95/p99); "
                        + "the whole run's percentiles are in the table above and the chart below.");
        chartSection(
                "Cold vs warm latency",
                "Client-observed latency of requests that were an instance's first (cold) and of all others (warm), "
                        + "at each percentile, on a log scale.",
                t -> t.requests().latencyMs().all().count() > 0,
                t -> Charts.coldVsWarm(t, axes),
                "results.json carries no latency percentiles.");
        chartSection(
                "Cold-start distribution",
                "How many cold starts fell in each latency bin: the client-observed latency of each instance's first "
                        + "request and, on Lambda, the Init Duration (an on-demand init) or Restore Duration (a "
                        + "SnapStart restore) its REPORT line gave.",
                t -> !t.requests().coldLatenciesMs().isEmpty()
                        || !Figures.initDurations(t).isEmpty()
                        || !Figures.restoreDurations(t).isEmpty(),
                t -> Charts.coldStartHistogram(t, axes),
                "no cold start was recorded.");
        int maxConnections = results.run().maxConnections();
        chartSection(
                "Database connections over time",
                "The target's server connections as PostgreSQL's pg_stat_activity saw them, by state, against "
                        + "max_connections" + " (and, where present, the PgBouncer pool and the predicted worst case).",
                t -> !t.connections().isEmpty(),
                t -> Charts.connections(t, maxConnections, axes),
                "no connection samples were recorded.");
        chartSection(
                "PgBouncer pool over time",
                "PgBouncer's SHOW POOLS for the target's pool: clients served and waiting, server connections held, "
                        + "against pool_size.",
                t -> !Figures.poolSamples(t).isEmpty(),
                t -> Charts.pgbouncer(t, axes),
                "the target does not go through PgBouncer, or its pool was not sampled.");
        chartSection(
                "Throughput and errors over time",
                "Requests started per second (line) and failed requests per second (bars"
                        + (Figures.hasPerSecondCauses(results) ? ", stacked by cause" : "") + ").",
                t -> !t.requests().timeline().isEmpty(),
                t -> Charts.throughput(t, axes),
                "no per-second timeline was recorded.");
        if (results.targets().stream().anyMatch(t -> t.extras().collected().isPresent())) {
            platformCharts();
        }
        if (results.targets().stream().anyMatch(t -> Autoscaled.of(t).isPresent())) {
            autoscaling();
        }
        drills();
        hybrid();
        traces();
        budget();
        cost();
        parameters();
        html.append("<footer><p>Regenerate this page from a results.json alone: <code>./mvnw -q -pl load-tests/report "
                + "-am package -Preport -DskipTests -Dreport.args=path/to/results.json</code> (see "
                + "load-tests/report/README.md).</p></footer>\n");
        scripts();
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** The Kubernetes target's replicas over time and its HorizontalPodAutoscaler's decisions. */
    private void autoscaling() {
        List<TargetResult> targets = results.targets();
        double replicasMax = targets.stream()
                .flatMap(t -> Autoscaled.of(t).stream())
                .flatMap(a -> a.timeline().stream())
                .mapToDouble(s -> s.replicas())
                .max()
                .orElse(1);
        double timeMax = Math.max(
                axes.timeMaxS(),
                targets.stream()
                        .flatMap(t -> Autoscaled.of(t).stream())
                        .flatMap(a -> a.timeline().stream())
                        .mapToDouble(s -> s.t())
                        .max()
                        .orElse(0));
        chartSection(
                "Replicas over time (HorizontalPodAutoscaler)",
                "The Kubernetes replicas as the overlay's HorizontalPodAutoscaler scaled them from their measured CPU:"
                        + " pods (terminating ones until their process ended), ready pods, endpoints in the front's"
                        + " rotation, sampled each second, and each sync's desired count (diamonds). Seconds from the"
                        + " load's start; after the load ends the HPA may go on scaling in.",
                t -> Autoscaled.of(t).isPresent(),
                t -> Charts.autoscaling(t, timeMax, replicasMax),
                "the target has no autoscaler.");
        for (TargetResult target : targets) {
            Autoscaled.of(target).ifPresent(a -> {
                html.append("<section id=\"hpa-")
                        .append(slug(target.name()))
                        .append("\">\n<h3>HPA decisions: ")
                        .append(esc(target.name()))
                        .append("</h3>\n<p>")
                        .append(esc(Autoscaled.settings(a)))
                        .append("</p>\n");
                a.noScaleOut()
                        .ifPresent(why -> html.append("<p><strong>Why no replica was added:</strong> ")
                                .append(esc(why))
                                .append("</p>\n"));
                html.append("<details><summary>")
                        .append(esc(Format.count(a.decisions().size(), "syncs")))
                        .append("</summary>\n<ol>\n");
                Autoscaled.decisions(a)
                        .forEach(line -> html.append("<li>").append(esc(line)).append("</li>\n"));
                html.append("</ol>\n</details>\n</section>\n");
            });
        }
    }

    /** What a collected deployment's platform measured over time, on axes shared by the targets. */
    private void platformCharts() {
        List<TargetResult> targets = results.targets();
        double timeMax = Math.max(
                axes.timeMaxS(),
                targets.stream()
                        .flatMap(t -> Figures.cloudWatchMetrics(t).stream())
                        .flatMap(m -> m.points().stream())
                        .mapToDouble(p -> p.t() + 60)
                        .max()
                        .orElse(0));
        double countMax = targets.stream()
                .flatMap(t -> Figures.cloudWatchMetrics(t).stream())
                .mapToDouble(MetricSeries::max)
                .max()
                .orElse(1);
        chartSection(
                "CloudWatch metrics over time",
                "What CloudWatch counted for a deployment the lab does not run, each value at its 60 s period's start: "
                        + "Lambda's ConcurrentExecutions (Maximum) and Throttles (Sum), the RDS Proxy's "
                        + "DatabaseConnections, ClientConnections and DatabaseConnectionsCurrentlySessionPinned (each "
                        + "the Sum over the proxy's instances).",
                t -> !Figures.cloudWatchMetrics(t).isEmpty(),
                t -> Charts.cloudWatch(t, timeMax, countMax),
                "no CloudWatch metrics were collected (lab.awsFunction, lab.awsProxy).");
        double replicasMax = targets.stream()
                .flatMap(t -> Figures.collected(t).flatMap(c -> c.cluster()).stream())
                .flatMap(c -> c.replicas().stream())
                .mapToDouble(r -> Math.max(r.replicas(), r.ready()))
                .max()
                .orElse(1);
        chartSection(
                "Deployment replicas over time",
                "A collected Deployment's replicas and ready replicas, as its status said when sampled.",
                t -> Figures.collected(t)
                        .flatMap(c -> c.cluster())
                        .filter(c -> !c.replicas().isEmpty())
                        .isPresent(),
                t -> Charts.deploymentReplicas(t, axes.timeMaxS(), replicasMax),
                "no Deployment was collected (lab.k8sDeployment).");
    }

    private void header() {
        Run run = results.run();
        html.append("<header>\n<h1>Twinstack: Lambda and Kubernetes side by side</h1>\n<p class=\"lead\">");
        html.append("Load profile <strong>")
                .append(esc(run.profile()))
                .append("</strong> at scale ")
                .append(run.scale())
                .append(", started ")
                .append(esc(run.startedAt().toString()))
                .append(". ");
        html.append("Targets: ")
                .append(esc(String.join(", ", targetNames())))
                .append(". Every chart of one kind shares its axes across targets, so they compare at a glance.</p>\n")
                .append("</header>\n");
    }

    private void summary() {
        SummaryTable table = SummaryTable.of(results);
        html.append(
                "<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n<thead><tr><th scope=\"col\">"
                        + "figure</th>");
        for (String target : table.targets()) {
            html.append("<th scope=\"col\">").append(esc(target)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (SummaryTable.Row row : table.rows()) {
            html.append("<tr><th scope=\"row\">").append(esc(row.label())).append("</th>");
            for (String value : row.values()) {
                html.append(value.equals(NOT_MEASURED) ? "<td class=\"absent\">" : "<td>")
                        .append(esc(value))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr><th scope=\"row\">Gatling report</th>");
        for (TargetResult target : results.targets()) {
            html.append("<td>").append(links.gatlingLink(target)).append("</td>");
        }
        html.append("</tr>\n</tbody>\n</table>\n");
        List<Figures.ColdRatio> ratios = Figures.coldRatios(results);
        if (!ratios.isEmpty()) {
            html.append("<h3>Cold starts: SnapStart against on-demand</h3>\n<ul id=\"cold-start-ratio\">\n");
            ratios.forEach(r -> html.append("<li>").append(esc(r.sentence())).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("</section>\n");
    }

    private void chartSection(
            String title,
            String explanation,
            Predicate<TargetResult> hasData,
            Function<TargetResult, ObjectNode> chart,
            String whyAbsent) {
        String id = slug(title);
        html.append("<section id=\"")
                .append(id)
                .append("\">\n<h2>")
                .append(esc(title))
                .append("</h2>\n");
        html.append("<p>").append(esc(explanation)).append("</p>\n");
        List<TargetResult> targets = results.targets();
        if (targets.stream().noneMatch(hasData)) {
            html.append("<p class=\"absent\">Not measured in this run: ")
                    .append(esc(whyAbsent))
                    .append("</p>\n");
            html.append("</section>\n");
            return;
        }
        html.append("<div class=\"grid\" style=\"--columns: ")
                .append(targets.size())
                .append("\">\n");
        for (int i = 0; i < targets.size(); i++) {
            TargetResult target = targets.get(i);
            html.append("<figure>\n<figcaption>").append(esc(target.name())).append("</figcaption>\n");
            if (hasData.test(target)) {
                String chartId = id + "-" + i;
                charts.put(chartId, chart.apply(target));
                html.append("<div class=\"chart\" id=\"")
                        .append(chartId)
                        .append("\" role=\"img\" aria-label=\"")
                        .append(esc(title + ", " + target.name()))
                        .append("\"></div>\n");
            } else {
                html.append("<p class=\"absent\">Not measured in this run: ")
                        .append(esc(whyAbsent))
                        .append("</p>\n");
            }
            html.append("</figure>\n");
        }
        html.append("</div>\n</section>\n");
    }

    /** Per target with drills: its timeline with the fault windows shaded, and a row per drill. */
    private void drills() {
        List<TargetResult> drilled =
                results.targets().stream().filter(t -> !t.drills().isEmpty()).toList();
        if (drilled.isEmpty()) {
            return;
        }
        html.append("<section id=\"drills\">\n<h2>Drills</h2>\n<p>")
                .append(esc("Faults injected under load (lab.drill), one after the other. Shaded: each fault's window, "
                        + "from its injection until the lab observed it over. Errors are counted from the fault's "
                        + "start until the first success after its end (recovery), or "
                        + "2 s after its end when that comes sooner; a 503 with Retry-After is the service's own, "
                        + "one without it the ingress's or the API's. A drill counts only when the lab observed its "
                        + "fault in the processes or the database."))
                .append("</p>\n");
        for (TargetResult target : drilled) {
            String chartId = "drills-" + slug(target.name());
            charts.put(chartId, Charts.drillTimeline(target, axes));
            html.append("<h3>").append(esc(target.name())).append("</h3>\n");
            html.append("<div class=\"chart wide\" id=\"")
                    .append(chartId)
                    .append("\" role=\"img\" aria-label=\"")
                    .append(esc("Throughput and errors with the drills' fault windows, " + target.name()))
                    .append("\"></div>\n<table>\n<thead><tr>");
            DrillTable.HEADINGS.forEach(
                    h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
            html.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : DrillTable.rows(target)) {
                html.append("<tr><th scope=\"row\">").append(esc(row.get(0))).append("</th>");
                for (int i = 1; i < row.size(); i++) {
                    html.append(row.get(i).equals(DrillTable.NO_LEDGER) ? "<td class=\"absent\">" : "<td>")
                            .append(esc(row.get(i)))
                            .append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</tbody>\n</table>\n<details><summary>What the lab observed</summary>\n<ul>\n");
            target.drills().stream()
                    .flatMap(d -> DrillTable.observations(d).stream())
                    .forEach(o -> html.append("<li>").append(esc(o)).append("</li>\n"));
            html.append("</ul>\n</details>\n");
        }
        html.append("</section>\n");
    }

    /** The hybrid target's gateway: routes by serving side, the sides, the spillover experiment. */
    private void hybrid() {
        List<TargetResult> hybrids = HybridTable.hybrids(results.targets());
        if (hybrids.isEmpty()) {
            return;
        }
        html.append("<section id=\"hybrid\">\n<h2>Hybrid: one gateway, both sides</h2>\n<p>")
                .append(esc(HybridTable.INTRO))
                .append("</p>\n");
        for (TargetResult target : hybrids) {
            var gateway = target.extras().gateway().orElseThrow();
            html.append("<h3>").append(esc(target.name())).append("</h3>\n");
            htmlTable(HybridTable.ROUTE_HEADINGS, HybridTable.routes(gateway));
            htmlTable(HybridTable.SIDE_HEADINGS, HybridTable.sides(gateway));
            String chartId = "hybrid-connections-" + hybrids.indexOf(target);
            charts.put(chartId, Charts.hybridConnections(target, results.run().maxConnections(), axes));
            html.append("<div class=\"chart wide\" id=\"")
                    .append(chartId)
                    .append("\" role=\"img\" aria-label=\"")
                    .append(esc("Both sides' server connections stacked against the summed bound, " + target.name()))
                    .append("\"></div>\n<p>")
                    .append(esc(HybridTable.stackedSummary(target, results.run().maxConnections())))
                    .append("</p>\n");
            html.append("<p>").append(esc(HybridTable.spillover(gateway))).append("</p>\n");
            html.append("<p>").append(esc(HybridTable.edgeSpans(gateway))).append("</p>\n");
        }
        html.append("</section>\n");
    }

    /** Per target with example traces: each route's trace as a waterfall of its spans. */
    private void traces() {
        html.append("<section id=\"traces\">\n<h2>")
                .append(esc(Waterfall.TITLE))
                .append("</h2>\n<p>")
                .append(esc(Waterfall.EXPLANATION))
                .append("</p>\n");
        List<Waterfall.Example> examples = Waterfall.examples(results);
        if (examples.isEmpty()) {
            html.append("<p class=\"absent\">Not measured in this run: ")
                    .append(esc(Waterfall.ABSENT))
                    .append("</p>\n</section>\n");
            return;
        }
        for (Waterfall.Example example : examples) {
            html.append("<h3>")
                    .append(esc(example.heading()))
                    .append("</h3>\n<p class=\"")
                    .append(example.trace().whole() ? "trace-verdict" : "trace-verdict broken")
                    .append("\">")
                    .append(esc(example.verdict()))
                    .append("</p>\n<table class=\"waterfall\">\n<thead><tr>");
            Waterfall.HEADINGS.forEach(
                    h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
            html.append("<th scope=\"col\" class=\"timeline\">timeline</th></tr></thead>\n<tbody>\n");
            for (Waterfall.Bar bar : Waterfall.bars(example.trace())) {
                List<String> cells = bar.cells();
                html.append("<tr><th scope=\"row\" style=\"padding-left: ")
                        .append(String.format(java.util.Locale.US, "%.1f", 0.6 + 1.2 * bar.depth()))
                        .append("rem\">")
                        .append(esc(cells.get(0)))
                        .append("</th>");
                for (int i = 1; i < cells.size(); i++) {
                    html.append("<td>").append(esc(cells.get(i))).append("</td>");
                }
                html.append("<td class=\"timeline\"><span class=\"bar ")
                        .append(bar.span().kind().name().toLowerCase(java.util.Locale.ROOT))
                        .append("\" style=\"left: ")
                        .append(bar.leftPercent())
                        .append("%; width: ")
                        .append(bar.widthPercent())
                        .append("%\" title=\"")
                        .append(esc(cells.get(3) + " + " + cells.get(4)))
                        .append("\"></span></td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("</section>\n");
    }

    private void htmlTable(List<String> headings, List<List<String>> rows) {
        html.append("<table>\n<thead><tr>");
        headings.forEach(h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            html.append("<tr><th scope=\"row\">").append(esc(row.get(0))).append("</th>");
            for (int i = 1; i < row.size(); i++) {
                html.append("<td>").append(esc(row.get(i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private void budget() {
        html.append("<section id=\"budget\">\n<h2>Connection budget: predicted vs measured</h2>\n");
        BudgetTable budget = BudgetTable.of(results);
        if (budget.isEmpty()) {
            html.append("<p class=\"absent\">Not measured in this run: results.json carries no connection budget "
                    + "(targets[].budget).</p>\n</section>\n");
            return;
        }
        html.append("<table>\n<thead><tr>");
        BudgetTable.HEADINGS.forEach(
                h -> html.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (BudgetTable.Row row : budget.rows()) {
            html.append("<tr><th scope=\"row\">").append(esc(row.target())).append("</th>");
            List<String> cells = row.cells();
            for (int i = 1; i < cells.size(); i++) {
                String cell = esc(cells.get(i));
                html.append(cells.get(i).equals(NOT_MEASURED) ? "<td class=\"absent\">" : "<td>")
                        .append(i == cells.size() - 1 ? "<code>" + cell + "</code>" : cell)
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private void cost() {
        html.append("<section id=\"cost\">\n<h2>Cost projection</h2>\n");
        Cost cost = results.cost().orElse(null);
        if (cost == null || cost.volumes().isEmpty() || cost.monthlyUsd().isEmpty()) {
            html.append("<p class=\"absent\">Not measured in this run: results.json carries no cost projection "
                    + "(cost).</p>\n</section>\n");
            return;
        }
        html.append("<p>A projection, not a quote: monthly cost in USD at each volume, from prices taken on ")
                .append(esc(cost.pricingDate()))
                .append(". ")
                .append(esc(Format.crossover(cost)))
                .append("</p>\n<table>\n<thead><tr><th scope=\"col\">volume</th>");
        cost.monthlyUsd()
                .keySet()
                .forEach(t -> html.append("<th scope=\"col\">").append(esc(t)).append(" (USD/month)</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (int v = 0; v < cost.volumes().size(); v++) {
            html.append("<tr><th scope=\"row\">")
                    .append(esc(Format.requestsPerMonth(cost.volumes().get(v))))
                    .append("</th>");
            for (List<Double> usd : cost.monthlyUsd().values()) {
                html.append("<td>")
                        .append(v < usd.size() ? esc(Format.usd(usd.get(v))) : NOT_MEASURED)
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        HybridTable.costSplit(cost)
                .ifPresent(line -> html.append("<p>").append(esc(line)).append("</p>\n"));
        charts.put("cost-chart", Charts.cost(cost));
        html.append("<div class=\"chart wide\" id=\"cost-chart\" role=\"img\" aria-label=\"Projected monthly cost by "
                + "volume\"></div>\n<h3>Assumptions</h3>\n<ul>\n");
        cost.assumptions().forEach(a -> html.append("<li>").append(esc(a)).append("</li>\n"));
        html.append("</ul>\n</section>\n");
    }

    private void parameters() {
        html.append("<section id=\"parameters\">\n<h2>The run's parameters</h2>\n<dl class=\"parameters\">\n");
        Map<String, String> parameters = Parameters.of(results);
        parameters.forEach((k, v) -> html.append("<dt>")
                .append(esc(k))
                .append("</dt><dd>")
                .append(esc(v))
                .append("</dd>\n"));
        html.append("</dl>\n<h2>Caveats</h2>\n<ul class=\"caveats\">\n");
        Parameters.caveats(results)
                .forEach(c -> html.append("<li>").append(esc(c)).append("</li>\n"));
        html.append("</ul>\n</section>\n");
    }

    private void scripts() {
        html.append("<script>\n").append(resource(ECHARTS)).append("\n</script>\n");
        html.append("<script type=\"application/json\" id=\"charts\">")
                .append(json(charts))
                .append("</script>\n<script>\n")
                .append(resource("/dev/twinstack/report/report.js"))
                .append("</script>\n");
    }

    private List<String> targetNames() {
        return results.targets().stream().map(TargetResult::name).toList();
    }

    private static String json(Map<String, ObjectNode> charts) {
        try {
            // "<" only occurs inside JSON strings, where \u003c means the same; this keeps "</script>" out of the page.
            return new ObjectMapper().writeValueAsString(charts).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
