package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.report.ResultsFile.TargetResult;
import java.util.List;

/** report.md: the summary, budget, cost, parameters and caveats as text, for a pull request or a wiki; charts stay in the HTML page. */
final class MarkdownPage {

    private MarkdownPage() {}

    static String render(ResultsFile results, Links links, String htmlName) {
        StringBuilder md = new StringBuilder("# Twinstack: Lambda and Kubernetes side by side\n\n");
        if (results.run() != null) {
            md.append("Load profile **%s**, started %s. Charts: [%s](%s).\n\n"
                    .formatted(results.run().profile(), results.run().startedAt(), htmlName, htmlName));
        }
        SummaryTable table = SummaryTable.of(results);
        md.append("## Summary\n\n| figure | ")
                .append(String.join(" | ", table.targets()))
                .append(" |\n|---|");
        table.targets().forEach(t -> md.append("---|"));
        md.append('\n');
        for (SummaryTable.Row row : table.rows()) {
            md.append("| ").append(cell(row.label())).append(" | ");
            md.append(String.join(
                    " | ", row.values().stream().map(MarkdownPage::cell).toList()));
            md.append(" |\n");
        }
        md.append("| Gatling report | ");
        md.append(String.join(
                " | ",
                results.targets().stream()
                        .map(t -> links.gatlingHref(t)
                                .map(href -> "[%s](%s)".formatted(t.name(), href.replace(" ", "%20")))
                                .orElse(NOT_MEASURED))
                        .toList()));
        md.append(" |\n\n## Connection budget: predicted vs measured\n\n");
        if (results.targets().stream()
                .allMatch(t -> t.budget() == null || t.budget().predicted() == null)) {
            md.append("Not measured in this run: results.json carries no connection budget.\n\n");
        } else {
            md.append("| target | predicted worst case | measured peak | arithmetic |\n|---|---|---|---|\n");
            for (TargetResult t : results.targets()) {
                Figures.TargetFigures f = Figures.of(t);
                md.append("| %s | %s | %s | %s |\n"
                        .formatted(
                                t.name(),
                                f.predictedConnections()
                                        .map(p -> Format.count(p, "connections"))
                                        .orElse(NOT_MEASURED),
                                Format.count(f.peakConnections(), "connections")
                                        + (f.withinBudget().orElse(true) ? "" : " **exceeds the prediction**"),
                                t.budget() == null || t.budget().formula() == null
                                        ? NOT_MEASURED
                                        : "`" + cell(t.budget().formula()) + "`"));
            }
            md.append('\n');
        }
        md.append("## Cost projection\n\n");
        ResultsFile.Cost cost = results.cost();
        if (cost == null || cost.volumes().isEmpty() || cost.monthlyUsd().isEmpty()) {
            md.append("Not measured in this run: results.json carries no cost projection.\n\n");
        } else {
            md.append("A projection, not a quote; prices taken on %s. %s\n\n| volume | "
                    .formatted(
                            cost.pricingDate() == null ? "an unstated date" : cost.pricingDate(),
                            cost.crossoverRequestsPerMonth() == null
                                    ? "The targets' costs do not cross within the volumes shown."
                                    : "The targets' costs cross at about "
                                            + Format.requestsPerMonth(cost.crossoverRequestsPerMonth()) + "."));
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

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
