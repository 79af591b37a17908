package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.report.Figures.TargetFigures;
import dev.twinstack.report.ResultsFile.Percentiles;
import dev.twinstack.report.ResultsFile.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The summary table, one column per target and one row per figure, built once and written both into the HTML page and
 * into report.md so the two never disagree.
 */
record SummaryTable(List<String> targets, List<Row> rows) {

    record Row(String label, List<String> values) {}

    static SummaryTable of(ResultsFile results) {
        List<TargetResult> targets = results.targets();
        List<TargetFigures> figures = targets.stream().map(Figures::of).toList();
        Integer maxConnections = results.run() == null ? null : results.run().maxConnections();
        List<Row> rows = new ArrayList<>();
        rows.add(row("Requests", figures, f -> Format.count(f.requests(), "requests")));
        rows.add(row(
                "Error ratio",
                figures,
                f -> "%s (%s)".formatted(Format.percent(f.errorRatio()), Format.count(f.errors(), "errors"))));
        rows.add(rowOfTargets("Errors by cause", targets, SummaryTable::causes));
        rows.add(row("Mean throughput", figures, f -> Format.rate(f.meanThroughputRps())));
        rows.add(row("Warm latency p50", figures, f -> percentile(f.warm(), Percentiles::p50)));
        rows.add(row("Warm latency p95", figures, f -> percentile(f.warm(), Percentiles::p95)));
        rows.add(row("Warm latency p99", figures, f -> percentile(f.warm(), Percentiles::p99)));
        rows.add(row(
                "Cold starts (first request of an instance)",
                figures,
                f -> Format.count(f.coldStarts(), "cold starts")));
        rows.add(row("Cold latency p50, client-observed", figures, f -> percentile(f.cold(), Percentiles::p50)));
        rows.add(row("Cold latency p99, client-observed", figures, f -> percentile(f.cold(), Percentiles::p99)));
        rows.add(row("Init Duration p50 (Lambda REPORT)", figures, f -> withCount(f.initP50Ms(), f.initCount())));
        rows.add(row("Init Duration p99 (Lambda REPORT)", figures, f -> withCount(f.initP99Ms(), f.initCount())));
        if (targets.stream().anyMatch(t -> !t.extras().replicas().isEmpty())) {
            rows.add(rowOfTargets("Replicas ready after start", targets, SummaryTable::replicasReady));
        }
        rows.add(row(
                "Peak server connections",
                figures,
                f -> Format.count(f.peakConnections(), "connections")
                        + (maxConnections == null ? "" : " of max_connections " + maxConnections)));
        rows.add(row(
                "Predicted worst case (budget)",
                figures,
                f -> f.predictedConnections()
                        .map(p -> Format.count(p, "connections")
                                + (f.withinBudget().orElse(true)
                                        ? " (measured peak within it)"
                                        : " (EXCEEDED by the peak)"))
                        .orElse(NOT_MEASURED)));
        rows.add(row("PgBouncer pool size", figures, f -> Format.count(f.poolSize(), "connections")));
        rows.add(row(
                "Peak PgBouncer server connections", figures, f -> Format.count(f.peakPoolServers(), "connections")));
        rows.add(row("Throttled requests (Lambda)", figures, f -> Format.count(f.throttles(), "throttles")));
        rows.add(row(
                "Peak concurrent environments (Lambda)",
                figures,
                f -> Format.count(f.environmentsPeak(), "environments")));
        rows.add(rowOfTargets(
                "SLOs met", targets, t -> t.slosMet() == null ? NOT_MEASURED : t.slosMet() ? "yes" : "no"));
        return new SummaryTable(figures.stream().map(TargetFigures::name).toList(), List.copyOf(rows));
    }

    Row row(String label) {
        return rows.stream()
                .filter(r -> r.label().equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + label));
    }

    private static Row row(String label, List<TargetFigures> figures, Function<TargetFigures, String> value) {
        return new Row(label, figures.stream().map(value).toList());
    }

    private static Row rowOfTargets(String label, List<TargetResult> targets, Function<TargetResult, String> value) {
        return new Row(label, targets.stream().map(value).toList());
    }

    private static String percentile(Optional<Percentiles> p, Function<Percentiles, Double> which) {
        return p.filter(v -> v.count() > 0).map(v -> Format.ms(which.apply(v))).orElse(NOT_MEASURED);
    }

    private static String withCount(OptionalDouble value, int count) {
        return value.isPresent()
                ? "%s (of %s)".formatted(Format.ms(value), Format.count(count, "cold starts"))
                : NOT_MEASURED;
    }

    private static String causes(TargetResult target) {
        if (target.requests() == null) {
            return NOT_MEASURED;
        }
        Map<String, Long> causes = target.requests().errorsByCause();
        if (causes.isEmpty()) {
            return "none";
        }
        return causes.entrySet().stream()
                .map(e -> "%s: %s".formatted(e.getKey(), Format.count(e.getValue(), "requests")))
                .collect(Collectors.joining(", "));
    }

    private static String replicasReady(TargetResult target) {
        if (target.extras().replicas().isEmpty()) {
            return NOT_MEASURED;
        }
        return target.extras().replicas().stream()
                .filter(r -> r.readyMs() != null)
                .map(r -> "#%d %s".formatted(r.replica(), Format.ms(r.readyMs())))
                .collect(Collectors.joining(", "));
    }
}
