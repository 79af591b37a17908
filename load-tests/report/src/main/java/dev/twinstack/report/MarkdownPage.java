package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.results.Cost;
import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.List;

/** report.md: the summary, budget, cost, parameters and caveats as text, for a pull request or a wiki; charts stay in the HTML page. */
final class MarkdownPage {

    private MarkdownPage() {}

    static String render(Results results, Links links, String htmlName) {
        StringBuilder md = new StringBuilder("# Twinstack: Lambda and Kubernetes side by side\n\n");
        md.append("Load profile **%s**, started %s. Charts: [%s](%s).\n\n"
                .formatted(results.run().profile(), results.run().startedAt(), htmlName, htmlName));
        SummaryTable table = SummaryTable.of(results);
        List<List<String>> rows = new ArrayList<>();
        for (SummaryTable.Row row : table.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.label()));
            cells.addAll(row.values());
            rows.add(cells);
        }
        List<String> gatling = new ArrayList<>(List.of("Gatling report"));
        results.targets()
                .forEach(t -> gatling.add(links.gatlingHref(t)
                        .map(href -> "[%s](%s)".formatted(t.name(), href.replace(" ", "%20")))
                        .orElse(NOT_MEASURED)));
        rows.add(gatling);
        List<String> headings = new ArrayList<>(List.of("figure"));
        headings.addAll(table.targets());
        md.append("## Summary\n\n");
        table(md, headings, rows);
        List<Figures.ColdRatio> ratios = Figures.coldRatios(results);
        if (!ratios.isEmpty()) {
            md.append("\n### Cold starts: SnapStart against on-demand\n\n");
            ratios.forEach(r -> md.append("- ").append(r.sentence()).append('\n'));
        }
        for (TargetResult target : results.targets()) {
            Autoscaled.of(target).ifPresent(a -> {
                md.append("\n## Autoscaling: ").append(target.name()).append("\n\n");
                md.append(Autoscaled.settings(a)).append("\n\n");
                a.noScaleOut()
                        .ifPresent(why -> md.append("**Why no replica was added:** ")
                                .append(why)
                                .append("\n\n"));
                Autoscaled.decisions(a)
                        .forEach(line -> md.append("- ").append(line).append('\n'));
            });
        }
        List<TargetResult> drilled =
                results.targets().stream().filter(t -> !t.drills().isEmpty()).toList();
        if (!drilled.isEmpty()) {
            md.append("\n## Drills\n\nFaults injected under load, one after the other; their timelines, with each "
                    + "fault's window shaded, are in the HTML page. A 503 with Retry-After is the service's own, one "
                    + "without it the ingress's or the API's.\n");
            for (TargetResult target : drilled) {
                md.append("\n### ").append(target.name()).append("\n\n");
                table(md, DrillTable.HEADINGS, DrillTable.rows(target));
                md.append('\n');
                target.drills().stream()
                        .flatMap(d -> DrillTable.observations(d).stream())
                        .forEach(o -> md.append("- ").append(o).append('\n'));
            }
        }
        List<TargetResult> hybrids = HybridTable.hybrids(results.targets());
        if (!hybrids.isEmpty()) {
            md.append("\n## Hybrid: one gateway, both sides\n\n")
                    .append(HybridTable.INTRO)
                    .append('\n');
            for (TargetResult target : hybrids) {
                var gateway = target.extras().gateway().orElseThrow();
                md.append("\n### ").append(target.name()).append("\n\n");
                table(md, HybridTable.ROUTE_HEADINGS, HybridTable.routes(gateway));
                md.append('\n');
                table(md, HybridTable.SIDE_HEADINGS, HybridTable.sides(gateway));
                md.append('\n')
                        .append(HybridTable.stackedSummary(target, results.run().maxConnections()))
                        .append("\n\n")
                        .append(HybridTable.spillover(gateway))
                        .append(' ')
                        .append(HybridTable.edgeSpans(gateway))
                        .append('\n');
            }
        }
        traces(md, results);
        md.append("\n## Connection budget: predicted vs measured\n\n");
        BudgetTable budget = BudgetTable.of(results);
        if (budget.isEmpty()) {
            md.append("Not measured in this run: results.json carries no connection budget.\n\n");
        } else {
            table(
                    md,
                    BudgetTable.HEADINGS,
                    budget.rows().stream().map(BudgetTable.Row::cells).toList());
            md.append('\n');
        }
        md.append("## Cost projection\n\n");
        Cost cost = results.cost().orElse(null);
        if (cost == null || cost.volumes().isEmpty() || cost.monthlyUsd().isEmpty()) {
            md.append("Not measured in this run: results.json carries no cost projection.\n\n");
        } else {
            md.append("A projection, not a quote; prices taken on %s. %s\n\n| volume | "
                    .formatted(cost.pricingDate(), Format.crossover(cost)));
            md.append(String.join(
                    " | ",
                    cost.monthlyUsd().keySet().stream()
                            .map(k -> k + " (USD/month)")
                            .toList()));
            md.append(" |\n|---|");
            cost.monthlyUsd().keySet().forEach(k -> md.append("---|"));
            md.append('\n');
            for (int v = 0; v < cost.volumes().size(); v++) {
                int i = v;
                md.append("| ")
                        .append(Format.requestsPerMonth(cost.volumes().get(v)))
                        .append(" | ");
                md.append(String.join(
                        " | ",
                        cost.monthlyUsd().values().stream()
                                .map(usd -> i < usd.size() ? Format.usd(usd.get(i)) : NOT_MEASURED)
                                .toList()));
                md.append(" |\n");
            }
            HybridTable.costSplit(cost)
                    .ifPresent(line -> md.append('\n').append(line).append('\n'));
            md.append("\nAssumptions:\n\n");
            cost.assumptions().forEach(a -> md.append("- ").append(a).append('\n'));
            md.append('\n');
        }
        md.append("## The run's parameters\n\n");
        Parameters.of(results)
                .forEach((k, v) ->
                        md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Caveats\n\n");
        List<String> caveats = Parameters.caveats(results);
        caveats.forEach(c -> md.append("- ").append(c).append('\n'));
        return md.toString();
    }

    /** Each target's example traces as tables of spans with text bars on the trace's time axis. */
    private static void traces(StringBuilder md, Results results) {
        md.append("\n## ")
                .append(Waterfall.TITLE)
                .append("\n\n")
                .append(Waterfall.EXPLANATION)
                .append("\n");
        List<Waterfall.Example> examples = Waterfall.examples(results);
        if (examples.isEmpty()) {
            md.append("\nNot measured in this run: ").append(Waterfall.ABSENT).append('\n');
        }
        for (Waterfall.Example example : examples) {
            md.append("\n### ").append(example.heading()).append("\n\n");
            md.append(example.verdict()).append("\n\n");
            List<String> headings = new ArrayList<>(Waterfall.HEADINGS);
            headings.add("timeline");
            List<List<String>> rows = new ArrayList<>();
            for (Waterfall.Bar bar : Waterfall.bars(example.trace())) {
                List<String> cells = new ArrayList<>(bar.cells());
                cells.set(0, Waterfall.indented(bar));
                cells.add("`" + Waterfall.textBar(bar) + "`");
                rows.add(cells);
            }
            table(md, headings, rows);
        }
    }

    private static void table(StringBuilder md, List<String> headings, List<List<String>> rows) {
        md.append("| ")
                .append(String.join(
                        " | ", headings.stream().map(MarkdownPage::cell).toList()))
                .append(" |\n|");
        headings.forEach(h -> md.append("---|"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ")
                    .append(String.join(
                            " | ", row.stream().map(MarkdownPage::cell).toList()))
                    .append(" |\n");
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
