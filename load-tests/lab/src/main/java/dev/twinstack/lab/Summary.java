package dev.twinstack.lab;

import dev.twinstack.report.Report;
import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import java.io.PrintStream;
import java.util.List;

/** The plain-text summary on the terminal: one line per target, then the caveats. */
final class Summary {

    private Summary() {}

    static void print(Results results, PrintStream out) {
        out.printf(
                "%nTwinstack lab: profile %s, scale %.2f, max_connections %d%n",
                results.run().profile(), results.run().scale(), results.run().maxConnections());
        out.printf(
                "%-14s %9s %8s %9s %9s %9s %6s %10s %10s %9s %5s%n",
                "target",
                "requests",
                "errors",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "cold",
                "cold p50",
                "cold p99",
                "peak/pred",
                "SLOs");
        for (TargetResult t : results.targets()) {
            var warm = t.requests().latencyMs().warm();
            var cold = t.requests().latencyMs().cold();
            out.printf(
                    "%-14s %9d %7.2f%% %9.0f %9.0f %9.0f %6d %10.0f %10.0f %9s %5s%n",
                    t.name(),
                    t.requests().requests(),
                    100 * t.requests().errorRatio(),
                    warm.p50(),
                    warm.p95(),
                    warm.p99(),
                    cold.count(),
                    cold.p50(),
                    cold.p99(),
                    t.budget()
                            .map(b -> t.peakConnections().orElseThrow() + "/" + b.predicted())
                            .orElse("-"),
                    t.slosMet() ? "met" : "MISS");
        }
        out.println("(p50/p95/p99 are warm successful requests, failed ones apart; cold = successful requests an");
        out.println(
                " instance served first, client-observed; peak/pred = peak server connections measured / predicted");
        out.println(" worst case)");
        Report.prewarmedColdRequests(results).forEach(line -> out.println("  " + line));
        out.println();
        out.printf(
                "%-14s %14s %14s %16s %16s%n",
                "target", "failed flows", "failed p50 ms", "CPU-ms/req", "DB CPU-ms/req");
        for (TargetResult t : results.targets()) {
            var failed = t.requests().latencyMs().failed();
            out.printf(
                    "%-14s %14s %14s %16s %16s%n",
                    t.name(),
                    t.requests().flows().map(f -> f.failed() + "/" + f.flows()).orElse("-"),
                    failed.count() == 0 ? "-" : "%.0f".formatted(failed.p50()),
                    t.cpu()
                            .filter(c -> c.successfulRequests() > 0)
                            .map(c -> "%.2f".formatted(c.targetSecondsPerRequest() * 1000))
                            .orElse("-"),
                    t.cpu()
                            .filter(c -> c.successfulRequests() > 0)
                            .map(c -> "%.2f".formatted(c.databaseSecondsPerRequest() * 1000))
                            .orElse("-"));
        }
        results.cost().ifPresent(cost -> {
            out.println("\nMonthly cost projection (USD; assumptions in results.json and on the page):");
            out.printf("%16s", "requests/month");
            cost.monthlyUsd().keySet().forEach(name -> out.printf(" %12s", name));
            out.println();
            for (int v = 0; v < cost.volumes().size(); v++) {
                out.printf("%,16d", cost.volumes().get(v));
                int at = v;
                cost.monthlyUsd().values().forEach(usd -> out.printf(" %12.2f", usd.get(at)));
                out.println();
            }
        });
        List<String> coldStarts = Report.coldStarts(results);
        if (!coldStarts.isEmpty()) {
            out.println("\nLambda cold starts:");
            coldStarts.forEach(line -> out.println("  " + line));
        }
        if (results.targets().stream().anyMatch(t -> t.ledger().isPresent())) {
            out.println("\nClient ledger, reconciled with the database (goals: 0 lost, 0 duplicated, 0 leaked):");
            results.targets()
                    .forEach(t ->
                            t.ledger().ifPresent(l -> out.println("  " + t.name() + ": " + LedgerCheck.summary(l))));
        }
        results.targets()
                .forEach(t -> t.extras().gateway().ifPresent(gateway -> {
                    out.println("\n" + t.name() + ", by route and the side that served it (latency at the gateway):");
                    gateway.routes()
                            .forEach(r -> out.println("  %s → %s: %d requests, %d 5xx, p50 %.0f ms, p99 %.0f ms"
                                    .formatted(
                                            r.route().isEmpty() ? "(no route)" : r.route(),
                                            r.side(),
                                            r.requests(),
                                            r.errors(),
                                            r.latencyMs().p50(),
                                            r.latencyMs().p99())));
                    gateway.sides()
                            .forEach(side -> out.println("  %s side: %d requests, peak %s connections"
                                    .formatted(
                                            side.side(),
                                            side.requests(),
                                            side.peakConnections()
                                                    .map(String::valueOf)
                                                    .orElse("unmeasured"))));
                    out.println(
                            gateway.spillover()
                                    ? "  spillover (lab-only): %d requests spilled onto Lambda, p50 %.0f ms / p99 %.0f ms, first try p50 %.0f ms"
                                            .formatted(
                                                    gateway.spilled(),
                                                    gateway.spilledLatencyMs().p50(),
                                                    gateway.spilledLatencyMs().p99(),
                                                    gateway.spilledFirstTryMs().p50())
                                    : "  spillover off");
                }));
        out.println("\nPredicted connection bounds:");
        results.targets().forEach(t -> t.budget().ifPresent(b -> out.println("  " + t.name() + ": " + b.formula())));
        results.run().skipped().forEach(s -> out.println("\nSkipped: " + s));
        out.println("\nCaveats:");
        results.run().caveats().forEach(c -> out.println("  - " + c));
    }
}
