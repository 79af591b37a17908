package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.report.Figures.TargetFigures;
import dev.twinstack.results.CollectedCluster;
import dev.twinstack.results.CollectedLambda;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.Ledger;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.PodStart;
import dev.twinstack.results.Replica;
import dev.twinstack.results.ReplicaCount;
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
import java.util.function.Supplier;
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
    static final String FLOWS = "Flows that failed (a flow stops at its first failed step)";
    static final String FAILED_LATENCY = "Failed requests' latency p50 / p95 / p99 / max (apart)";
    static final String WHY_NO_REPLICA = "Why no replica was added (HPA)";
    static final String CPU = "CPU per successful request: target / PostgreSQL (CPU-ms)";
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
        rows.add(rowOfTargets(CPU, targets, SummaryTable::cpu));
        rows.add(rowOfTargets(FLOWS, targets, SummaryTable::flows));
        rows.add(row("Latency p50 / p95 / p99 / max, all successful requests", figures, f -> all(f.all())));
        rows.add(rowOfTargets(
                FAILED_LATENCY,
                targets,
                t -> t.requests().latencyMs().failed().count() == 0
                        ? "no failed request with a latency"
                        : all(Optional.of(t.requests().latencyMs().failed()))));
        rows.add(row("Warm latency p50", figures, f -> percentile(f.warm(), Percentiles::p50)));
        rows.add(row("Warm latency p95", figures, f -> percentile(f.warm(), Percentiles::p95)));
        rows.add(row("Warm latency p99", figures, f -> percentile(f.warm(), Percentiles::p99)));
        // A target with autoscaling: the cold figures of replicas started under load; pre-warmed ones are not pod
        // starts.
        rows.add(row(
                "Cold starts (first request of an instance)",
                targets,
                figures,
                (t, f) -> Autoscaled.of(t).isPresent()
                        ? Autoscaled.coldStarts(t)
                        : Format.count(f.coldStarts(), "cold starts")));
        rows.add(row(
                "Cold latency p50, client-observed",
                targets,
                figures,
                (t, f) -> Autoscaled.of(t).isPresent()
                        ? Autoscaled.coldPercentile(t, 0.5)
                        : percentile(f.cold(), Percentiles::p50)));
        rows.add(row(
                "Cold latency p99, client-observed",
                targets,
                figures,
                (t, f) -> Autoscaled.of(t).isPresent()
                        ? Autoscaled.coldPercentile(t, 0.99)
                        : percentile(f.cold(), Percentiles::p99)));
        rows.add(rowOfTargets(
                "Cold starts on Lambda: SnapStart restores / on-demand inits", targets, SummaryTable::split));
        rows.add(rowOfTargets(
                RESTORE,
                targets,
                t -> onLambda(
                        t,
                        () -> percentiles(Figures.restoreDurations(t), "restores"),
                        c -> percentiles(c.restoreP50Ms(), c.restoreP99Ms(), c.restores(), "restores"))));
        rows.add(rowOfTargets(
                "Billed Restore Duration p50 / p99 (Lambda REPORT)",
                targets,
                t -> onLambda(
                        t,
                        () -> percentiles(Figures.billedRestoreDurations(t), "restores"),
                        c -> percentiles(c.billedRestoreP50Ms(), c.billedRestoreP99Ms(), c.restores(), "restores"))));
        rows.add(row(
                INIT_P50,
                targets,
                figures,
                (t, f) -> onLambda(
                        t, () -> withCount(f.initP50Ms(), f.initCount()), c -> withCount(c.initP50Ms(), c.inits()))));
        rows.add(row(
                "Init Duration p99 (Lambda REPORT)",
                targets,
                figures,
                (t, f) -> onLambda(
                        t, () -> withCount(f.initP99Ms(), f.initCount()), c -> withCount(c.initP99Ms(), c.inits()))));
        rows.add(rowOfTargets("Duration p50 / p99 (Lambda REPORT)", targets, SummaryTable::durations));
        rows.add(rowOfTargets("Invocations by outcome (Lambda)", targets, SummaryTable::outcomes));
        rows.add(rowOfTargets("SnapStart version published before the load", targets, SummaryTable::published));
        rows.add(rowOfTargets("CPU and memory per environment (Lambda)", targets, SummaryTable::resources));
        rows.add(rowOfTargets("Runtime (Lambda)", targets, SummaryTable::runtime));
        if (targets.stream().anyMatch(t -> t.extras().replicas().isPresent())) {
            rows.add(rowOfTargets("Replicas ready after start", targets, SummaryTable::replicasReady));
        }
        if (targets.stream().anyMatch(t -> Autoscaled.of(t).isPresent())) {
            rows.add(rowOfTargets("Autoscaling (HorizontalPodAutoscaler)", targets, Autoscaled::summary));
            rows.add(rowOfTargets(WHY_NO_REPLICA, targets, Autoscaled::whyNoReplica));
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
                "Peak PgBouncer server connections",
                targets,
                figures,
                (t, f) -> f.peakPoolServers().isEmpty()
                        ? Figures.proxyMetric(t, "DatabaseConnections")
                                .map(m -> Format.count((long) m.max(), "connections")
                                        + " (RDS Proxy's DatabaseConnections, peak of " + m.periodSeconds()
                                        + " s periods)")
                                .orElse(NOT_MEASURED)
                        : Format.count(f.peakPoolServers(), "connections")));
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
        if (targets.stream().anyMatch(t -> t.extras().collected().isPresent())) {
            rows.addAll(collectedRows(targets));
        }
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
                // A real proxy counts pinned server connections, not client sessions: its own metric, said as such.
                .or(() -> Figures.proxyMetric(target, "DatabaseConnectionsCurrentlySessionPinned")
                        .map(m -> Format.count((long) m.max(), "connections")
                                + " pinned at peak (RDS Proxy's DatabaseConnectionsCurrentlySessionPinned, peak of "
                                + m.periodSeconds() + " s periods)"))
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

    private static String flows(TargetResult t) {
        return t.requests()
                .flows()
                .map(f -> Format.count(f.failed(), "flows") + " of " + Format.count(f.flows(), "flows")
                        + (f.failedAt().isEmpty()
                                ? ""
                                : f.failedAt().entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .collect(Collectors.joining(", ", " (stopped at ", ")"))))
                .orElse(NOT_MEASURED);
    }

    private static String cpu(TargetResult t) {
        return t.cpu()
                .map(c -> c.successfulRequests() == 0
                        ? "no successful request (%s of target and %s of PostgreSQL CPU)"
                                .formatted(seconds(c.targetSeconds()), seconds(c.databaseSeconds()))
                        : "%s / %s (%s processes, %s of target and %s of PostgreSQL CPU over %s)"
                                .formatted(
                                        cpuMs(c.targetSecondsPerRequest()),
                                        cpuMs(c.databaseSecondsPerRequest()),
                                        c.processes(),
                                        seconds(c.targetSeconds()),
                                        seconds(c.databaseSeconds()),
                                        Format.count(c.successfulRequests(), "successful requests")))
                .orElse(NOT_MEASURED);
    }

    private static String cpuMs(double seconds) {
        return String.format(Locale.US, "%.2f CPU-ms", seconds * 1000);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.US, "%.1f CPU-s", seconds);
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

    /**
     * A Lambda REPORT figure from the lab's invocation records, or from a deployed function's REPORT lines as the run
     * collected them; "not measured" for a target that has neither.
     */
    private static String onLambda(
            TargetResult target, Supplier<String> fromRecords, Function<CollectedLambda, String> fromCollected) {
        if (target.extras().lambda().isPresent()) {
            return fromRecords.get();
        }
        return Figures.collectedLambda(target).map(fromCollected).orElse(NOT_MEASURED);
    }

    /** Collected percentiles: "none in this run" when no REPORT line had the field. */
    private static String percentiles(Optional<Double> p50, Optional<Double> p99, long count, String unit) {
        if (count == 0 || p50.isEmpty() || p99.isEmpty()) {
            return NONE;
        }
        return "%s / %s (of %s)".formatted(Format.ms(p50.get()), Format.ms(p99.get()), Format.count(count, unit));
    }

    private static String withCount(Optional<Double> value, long count) {
        return value.isPresent() && count > 0
                ? "%s (of %s)".formatted(Format.ms(value.get()), Format.count(count, "cold starts"))
                : NONE;
    }

    /**
     * The rows only a run that collected from a platform has: what the lab's local records also give is compared with
     * it where it can be (cold ratio), the rest is the deployment's own.
     */
    private static List<Row> collectedRows(List<TargetResult> targets) {
        List<Row> rows = new ArrayList<>();
        rows.add(rowOfTargets(
                "Cold ratio: cold starts / invocations (Lambda REPORT)", targets, SummaryTable::coldRatio));
        rows.add(rowOfTargets(
                "Max Memory Used, highest (Lambda REPORT)",
                targets,
                t -> Figures.collectedLambda(t)
                        .flatMap(CollectedLambda::maxMemoryUsedMb)
                        .map(mb -> "%s of %s"
                                .formatted(
                                        Format.count(mb.longValue(), "MB"),
                                        Figures.collectedLambda(t)
                                                .flatMap(CollectedLambda::memorySizeMb)
                                                .map(size -> Format.count(size, "MB"))
                                                .orElse("the memory size")))
                        .orElse(NOT_MEASURED)));
        rows.add(rowOfTargets(
                "RDS Proxy client connections / session-pinned connections, peak",
                targets,
                t -> Figures.proxyMetric(t, "ClientConnections")
                        .map(clients -> "%s / %s (peak of %d s periods)"
                                .formatted(
                                        Format.count((long) clients.max(), "connections"),
                                        Format.count(
                                                Figures.proxyMetric(t, "DatabaseConnectionsCurrentlySessionPinned")
                                                        .map(m -> (long) m.max())
                                                        .orElse(0L),
                                                "pinned"),
                                        clients.periodSeconds()))
                        .orElse(NOT_MEASURED)));
        rows.add(rowOfTargets("Replicas over time (Deployment status)", targets, SummaryTable::replicaCounts));
        rows.add(rowOfTargets(
                "Pod restarts (Kubernetes)",
                targets,
                t -> cluster(t)
                        .map(c -> Format.count(
                                        c.pods().stream()
                                                .mapToLong(PodStart::restarts)
                                                .sum(),
                                        "restarts")
                                + " in " + Format.count(c.pods().size(), "pods"))
                        .orElse(NOT_MEASURED)));
        rows.add(rowOfTargets(
                "CPU of the pods, peak (metrics API)",
                targets,
                t -> cluster(t)
                        .flatMap(CollectedCluster::cpu)
                        .map(cpu -> Format.count((long) cpu.max(), "millicores") + " (sampled every "
                                + cpu.periodSeconds() + " s)")
                        .orElse(NOT_MEASURED)));
        rows.add(rowOfTargets("Where the platform's figures were measured", targets, SummaryTable::sources));
        return rows;
    }

    private static Optional<CollectedCluster> cluster(TargetResult target) {
        return Figures.collected(target).flatMap(c -> c.cluster());
    }

    /** Cold starts over invocations: the lab's records, or the deployed function's REPORT lines. */
    private static String coldRatio(TargetResult target) {
        if (target.extras().lambda().isPresent()) {
            List<Invocation> ran = Figures.invocations(target).stream()
                    .filter(i -> i.outcome() != InvocationOutcome.THROTTLED)
                    .toList();
            long cold = ran.stream().filter(Invocation::cold).count();
            return ran.isEmpty()
                    ? NONE
                    : "%s (%s of %s)"
                            .formatted(
                                    Format.percent((double) cold / ran.size()),
                                    Format.count(cold, "cold starts"),
                                    Format.count(ran.size(), "invocations"));
        }
        return Figures.collectedLambda(target)
                .map(c -> "%s (%s of %s)"
                        .formatted(
                                Format.percent(c.coldRatio()),
                                Format.count(c.inits() + c.restores(), "cold starts"),
                                Format.count(c.invocations(), "invocations")))
                .orElse(NOT_MEASURED);
    }

    private static String replicaCounts(TargetResult target) {
        if (target.extras().replicas().isPresent() && cluster(target).isEmpty()) {
            return Format.count(target.extras().replicas().orElseThrow().size(), "replicas") + " (the lab's)";
        }
        return cluster(target)
                .filter(c -> !c.replicas().isEmpty())
                .map(c -> "%d to %d, at most %d ready (%s)"
                        .formatted(
                                c.replicas().stream()
                                        .mapToInt(ReplicaCount::replicas)
                                        .min()
                                        .orElse(0),
                                c.replicas().stream()
                                        .mapToInt(ReplicaCount::replicas)
                                        .max()
                                        .orElse(0),
                                c.replicas().stream()
                                        .mapToInt(ReplicaCount::ready)
                                        .max()
                                        .orElse(0),
                                Format.count(c.replicas().size(), "samples")))
                .orElse(NOT_MEASURED);
    }

    /** Where each collected part was measured and how finely; the lab's own records for a target the lab runs. */
    private static String sources(TargetResult target) {
        List<String> parts = new ArrayList<>();
        Figures.collected(target).ifPresent(c -> {
            c.lambda().ifPresent(l -> {
                parts.add("REPORT: %s (%s)"
                        .formatted(l.reportLines().where(), l.reportLines().resolution()));
                l.metrics().stream()
                        .findFirst()
                        .ifPresent(m -> parts.add(
                                "Lambda metrics: CloudWatch %s (%d s)".formatted(m.namespace(), m.periodSeconds())));
            });
            c.proxy()
                    .flatMap(p -> p.metrics().stream().findFirst())
                    .ifPresent(m -> parts.add("RDS Proxy metrics: CloudWatch %s %s (%d s)"
                            .formatted(m.namespace(), m.dimension(), m.periodSeconds())));
            c.connections().ifPresent(s -> parts.add("connections: %s (%s)".formatted(s.where(), s.resolution())));
            c.cluster()
                    .ifPresent(k -> parts.add("cluster: %s (%s)"
                            .formatted(k.source().where(), k.source().resolution())));
        });
        if (!parts.isEmpty()) {
            return String.join("; ", parts);
        }
        boolean lab = target.extras().lambda().isPresent()
                || target.extras().pgbouncer().isPresent()
                || target.extras().replicas().isPresent();
        return lab ? "the lab's own records (local stand-ins)" : "nothing collected";
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
        if (target.extras().lambda().isEmpty()) {
            return Figures.collectedLambda(target)
                    .map(c -> percentiles(c.durationP50Ms(), c.durationP99Ms(), c.invocations(), "invocations"))
                    .orElse(NOT_MEASURED);
        }
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
            return Figures.collectedLambda(target)
                    .map(c -> "%s in REPORT lines; %s (CloudWatch Throttles)"
                            .formatted(
                                    Format.count(c.invocations(), "invocations"),
                                    Format.count(
                                            Figures.collectedMetric(target, "Throttles")
                                                    .map(m -> (long) m.sum())
                                                    .orElse(0L),
                                            "throttled")))
                    .orElse(NOT_MEASURED);
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
            return Figures.collectedLambda(target)
                    .map(c -> "%s / %s"
                            .formatted(
                                    Format.count(c.restores(), "restores"), Format.count(c.inits(), "on-demand inits")))
                    .orElse(NOT_MEASURED);
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
    /** Lost / duplicated / unresolved writes of a ledger, and whether the goal held. */
    static String verdict(Ledger ledger) {
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
        if (target.extras().lambda().isEmpty()) {
            return Figures.collectedLambda(target)
                    .flatMap(CollectedLambda::memorySizeMb)
                    .map(mb -> String.format(
                            Locale.US,
                            "%.2f vCPU and %,d MB each (Memory Size in REPORT; one vCPU at 1,769 MB)",
                            mb / 1769.0,
                            mb))
                    .orElse(NOT_MEASURED);
        }
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
        String autoscaled = Autoscaled.replica(r);
        if (autoscaled != null) {
            return autoscaled;
        }
        return "#%d %s%s"
                .formatted(
                        r.replica(),
                        Format.ms(r.readyMs()),
                        r.startedAtLoadSecond() == 0
                                ? ""
                                : " (started " + r.startedAtLoadSecond() + " s into the load)");
    }
}
