package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.report.Figures.TargetFigures;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.Ledger;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.Replica;
import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The summary table, one column per target and one row per figure, built once and written both into the HTML page and
 * into report.md so the two never disagree.
 */
record SummaryTable(List<String> targets, List<Row> rows) {

    record Row(String label, List<String> values) {}

    static final String COLD_SPLIT = "Cold starts on Lambda: SnapStart restores / on-demand inits";
    static final String RESTORE = "Restore Duration p50 / p99 (Lambda REPORT)";
    static final String INIT_P50 = "Init Duration p50 (Lambda REPORT)";
    static final String LEDGER = "Ledger: lost / duplicated / unresolved writes";
    static final String LEAKS = "Error bodies leaking internals";
    static final String PINNING = "Sessions that would pin (RDS Proxy rules)";
    /** A Lambda figure of which the run had no instance. */
    static final String NONE = "none in this run";

    static SummaryTable of(Results results) {
        List<TargetResult> targets = results.targets();
        List<TargetFigures> figures = targets.stream().map(Figures::of).toList();
        int maxConnections = results.run().maxConnections();
        List<Row> rows = new ArrayList<>();
        rows.add(row("Requests", figures, f -> Format.count(f.requests(), "requests")));
        rows.add(row(
                "Error ratio",
                figures,
                f -> "%s (%s)".formatted(Format.percent(f.errorRatio()), Format.count(f.errors(), "errors"))));
        rows.add(rowOfTargets("Errors by cause", targets, SummaryTable::causes));
        rows.add(row("Mean throughput", figures, f -> Format.rate(f.meanThroughputRps())));
        rows.add(row("Latency p50 / p95 / p99 / max, all requests", figures, f -> all(f.all())));
        rows.add(row("Warm latency p50", figures, f -> percentile(f.warm(), Percentiles::p50)));
        rows.add(row("Warm latency p95", figures, f -> percentile(f.warm(), Percentiles::p95)));
        rows.add(row("Warm latency p99", figures, f -> percentile(f.warm(), Percentiles::p99)));
        rows.add(row(
                "Cold starts (first request of an instance)",
                figures,
                f -> Format.count(f.coldStarts(), "cold starts")));
        rows.add(row("Cold latency p50, client-observed", figures, f -> percentile(f.cold(), Percentiles::p50)));
        rows.add(row("Cold latency p99, client-observed", figures, f -> percentile(f.cold(), Percentiles::p99)));
        rows.add(rowOfTargets(
                "Cold starts on Lambda: SnapStart restores / on-demand inits", targets, SummaryTable::split));
        rows.add(rowOfTargets(
                RESTORE, targets, t -> onLambda(t, percentiles(Figures.restoreDurations(t), "restores"))));
        rows.add(rowOfTargets(
                "Billed Restore Duration p50 / p99 (Lambda REPORT)",
                targets,
                t -> onLambda(t, percentiles(Figures.billedRestoreDurations(t), "restores"))));
        rows.add(row(INIT_P50, targets, figures, (t, f) -> onLambda(t, withCount(f.initP50Ms(), f.initCount()))));
        rows.add(row(
                "Init Duration p99 (Lambda REPORT)",
                targets,
                figures,
                (t, f) -> onLambda(t, withCount(f.initP99Ms(), f.initCount()))));
        rows.add(rowOfTargets("Duration p50 / p99 (Lambda REPORT)", targets, SummaryTable::durations));
        rows.add(rowOfTargets("Invocations by outcome (Lambda)", targets, SummaryTable::outcomes));
        rows.add(rowOfTargets("SnapStart version published before the load", targets, SummaryTable::published));
        rows.add(rowOfTargets("CPU and memory per environment (Lambda)", targets, SummaryTable::resources));
        rows.add(rowOfTargets("Runtime (Lambda)", targets, SummaryTable::runtime));
        if (targets.stream().anyMatch(t -> t.extras().replicas().isPresent())) {
            rows.add(rowOfTargets("Replicas ready after start", targets, SummaryTable::replicasReady));
        }
        rows.add(row(
                "Peak server connections",
                figures,
                f -> f.peakConnections()
                        .map(p -> Format.count(p, "connections") + " of max_connections " + maxConnections)
                        .orElse(NOT_MEASURED)));
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
        rows.add(rowOfTargets(PINNING, targets, SummaryTable::pinning));
        rows.add(row("Throttled requests (Lambda)", figures, f -> Format.count(f.throttles(), "throttles")));
        rows.add(row(
                "Peak concurrent environments (Lambda)",
                figures,
                f -> Format.count(f.environmentsPeak(), "environments")));
        rows.add(rowOfTargets(
                LEDGER, targets, t -> t.ledger().map(SummaryTable::verdict).orElse(NOT_MEASURED)));
        rows.add(rowOfTargets(
                "Ledger: writes acknowledged / ambiguous / refused",
                targets,
                t -> t.ledger().map(SummaryTable::writes).orElse(NOT_MEASURED)));
        rows.add(rowOfTargets(
                LEAKS, targets, t -> t.ledger().map(SummaryTable::leaks).orElse(NOT_MEASURED)));
        rows.add(rowOfTargets("SLOs met", targets, t -> t.slosMet() ? "yes" : "no"));
        return new SummaryTable(figures.stream().map(TargetFigures::name).toList(), List.copyOf(rows));
    }

    /**
     * The sessions through the RDS Proxy stand-in that sent anything that would pin them on RDS Proxy, of those seen,
     * with the conditions they met.
     */
    private static String pinning(TargetResult target) {
        return Figures.pool(target)
                .flatMap(PgBouncerExtras::pinning)
                .map(p -> Format.count(p.wouldPin(), "sessions") + " of " + Format.count(p.sessions(), "sessions")
                        + (p.byReason().isEmpty()
                                ? ""
                                : p.byReason().entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .collect(Collectors.joining(", ", " (", ")"))))
                .orElse(NOT_MEASURED);
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

    private static Row row(
            String label,
            List<TargetResult> targets,
            List<TargetFigures> figures,
            BiFunction<TargetResult, TargetFigures, String> value) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            values.add(value.apply(targets.get(i), figures.get(i)));
        }
        return new Row(label, values);
    }

    private static Row rowOfTargets(String label, List<TargetResult> targets, Function<TargetResult, String> value) {
        return new Row(label, targets.stream().map(value).toList());
    }

    private static String percentile(Optional<Percentiles> p, Function<Percentiles, Double> which) {
        return p.map(v -> Format.ms(which.apply(v))).orElse(NOT_MEASURED);
    }

    private static String all(Optional<Percentiles> p) {
        return p.map(v -> "%s / %s / %s / %s"
                        .formatted(
                                Format.number(v.p50()),
                                Format.number(v.p95()),
                                Format.number(v.p99()),
                                Format.ms(v.max())))
                .orElse(NOT_MEASURED);
    }

    private static String withCount(OptionalDouble value, int count) {
        return value.isPresent() ? "%s (of %s)".formatted(Format.ms(value), Format.count(count, "cold starts")) : NONE;
    }

    /**
     * A Lambda REPORT figure: "not measured" for a target that is not Lambda, "none" for a Lambda target where nothing
     * of the kind happened (no restore without SnapStart, no on-demand init when every cold start was a restore).
     */
    private static String onLambda(TargetResult target, String value) {
        return target.extras().lambda().isEmpty() ? NOT_MEASURED : value;
    }

    private static String causes(TargetResult target) {
        var causes = target.requests().errorsByCause();
        if (causes.isEmpty()) {
            return "none";
        }
        return causes.entrySet().stream()
                .map(e -> "%s: %s".formatted(e.getKey().label(), Format.count(e.getValue(), "requests")))
                .collect(Collectors.joining(", "));
    }

    private static String durations(TargetResult target) {
        List<Double> durations = Figures.durations(target);
        if (durations.isEmpty()) {
            return NOT_MEASURED;
        }
        return "%s / %s (of %s)"
                .formatted(
                        Format.ms(Figures.nearestRank(durations, 50)),
                        Format.ms(Figures.nearestRank(durations, 99)),
                        Format.count(durations.size(), "invocations"));
    }

    /** Invocations by how they ended, each failure with its causes as the service recorded them. */
    private static String outcomes(TargetResult target) {
        List<Invocation> invocations = Figures.invocations(target);
        if (target.extras().lambda().isEmpty()) {
            return NOT_MEASURED;
        }
        Map<InvocationOutcome, List<Invocation>> byOutcome = new EnumMap<>(InvocationOutcome.class);
        invocations.forEach(i ->
                byOutcome.computeIfAbsent(i.outcome(), o -> new ArrayList<>()).add(i));
        if (byOutcome.isEmpty()) {
            return Format.count(0, "invocations");
        }
        return byOutcome.entrySet().stream()
                .map(e -> {
                    String causes = e.getValue().stream()
                            .flatMap(i -> i.cause().stream())
                            .distinct()
                            .collect(Collectors.joining("; "));
                    return "%s: %s%s"
                            .formatted(
                                    e.getKey().name().toLowerCase().replace('_', ' '),
                                    Format.count(e.getValue().size(), "invocations"),
                                    causes.isEmpty() ? "" : " (" + causes + ")");
                })
                .collect(Collectors.joining(", "));
    }

    /** A Lambda target's cold starts by kind; "not measured" for a target that is not Lambda. */
    private static String split(TargetResult target) {
        if (target.extras().lambda().isEmpty()) {
            return NOT_MEASURED;
        }
        long restores = Figures.restoreDurations(target).size();
        return "%s / %s"
                .formatted(
                        Format.count(restores, "restores"),
                        Format.count(Figures.onDemandInits(target), "on-demand inits"));
    }

    private static String percentiles(List<Double> values, String unit) {
        if (values.isEmpty()) {
            return NONE;
        }
        return "%s / %s (of %s)"
                .formatted(
                        Format.ms(Figures.nearestRank(values, 50)),
                        Format.ms(Figures.nearestRank(values, 99)),
                        Format.count(values.size(), unit));
    }

    /** The reconciliation's three counts, and whether the goals (nothing lost, nothing stored twice) held. */
    private static String verdict(Ledger ledger) {
        boolean held = ledger.lost().isEmpty() && ledger.duplicated().isEmpty();
        return "%d / %d / %d (%s)"
                .formatted(
                        ledger.lost().size(),
                        ledger.duplicated().size(),
                        ledger.unresolved().size(),
                        held ? "none lost or stored twice" : "GOAL MISSED: " + faults(ledger));
    }

    private static String faults(Ledger ledger) {
        List<String> faults = new ArrayList<>();
        if (!ledger.lost().isEmpty()) {
            faults.add("lost " + String.join(", ", ledger.lost()));
        }
        if (!ledger.duplicated().isEmpty()) {
            faults.add("stored twice " + String.join(", ", ledger.duplicated()));
        }
        return String.join("; ", faults);
    }

    private static String writes(Ledger ledger) {
        return "%d / %d (%d stored) / %d of %s, %s"
                .formatted(
                        ledger.acknowledged(),
                        ledger.ambiguous(),
                        ledger.storedAmbiguous(),
                        ledger.refused(),
                        Format.count(ledger.writes(), "writes"),
                        Format.count(ledger.retried(), "retried"));
    }

    private static String leaks(Ledger ledger) {
        if (ledger.leakedBodies() == 0) {
            return "none";
        }
        return "%s: %s".formatted(Format.count(ledger.leakedBodies(), "bodies"), String.join("; ", ledger.leaks()));
    }

    private static String published(TargetResult target) {
        return target.extras()
                .lambda()
                .flatMap(LambdaExtras::snapStart)
                .map(s -> String.format(
                        Locale.US,
                        "%s in %.1f s (%.1f CPU-seconds), Init Duration p50 %s; during the load %s initialised again"
                                + " (%.1f CPU-seconds), %s waited for one",
                        Format.count(s.copies(), "copies"),
                        s.publishWallMs() / 1000,
                        s.publishCpuSeconds(),
                        Format.ms(Figures.nearestRank(s.initMs(), 50)),
                        Format.count(s.copiesDuringRun(), "copies"),
                        s.copiesDuringRunCpuSeconds(),
                        Format.count(s.restoresThatWaited(), "restores")))
                .orElse(NOT_MEASURED);
    }

    private static String resources(TargetResult target) {
        return target.extras()
                .lambda()
                .flatMap(LambdaExtras::resources)
                .map(r -> String.format(
                                Locale.US,
                                "%.2f vCPU and %,d MB each, %s",
                                r.vcpusPerEnvironment(),
                                r.memoryMb(),
                                r.enforced()
                                        ? "enforced (" + r.mechanism() + ")"
                                        : "NOT enforced, environments ran unlimited: " + r.mechanism())
                        + (r.oversubscribed()
                                ? String.format(
                                        Locale.US,
                                        "; %d at once need %.2f vCPU, more than this machine's %d CPUs",
                                        r.reservedConcurrency(),
                                        r.vcpusAtConcurrency(),
                                        r.machineCpus())
                                : ""))
                .orElse(NOT_MEASURED);
    }

    private static String runtime(TargetResult target) {
        return target.extras()
                .lambda()
                .flatMap(LambdaExtras::runtime)
                .map(r -> "%s on JDK %d%s"
                        .formatted(
                                r.runtime(),
                                r.javaMajor(),
                                r.matchesRuntime() ? "" : " (not the runtime's own major: " + r.source() + ")"))
                .orElse(NOT_MEASURED);
    }

    private static String replicasReady(TargetResult target) {
        return target.extras()
                .replicas()
                .map(replicas -> replicas.stream().map(SummaryTable::replica).collect(Collectors.joining(", ")))
                .orElse(NOT_MEASURED);
    }

    private static String replica(Replica r) {
        return "#%d %s%s"
                .formatted(
                        r.replica(),
                        Format.ms(r.readyMs()),
                        r.startedAtLoadSecond() == 0
                                ? ""
                                : " (started " + r.startedAtLoadSecond() + " s into the load)");
    }
}
