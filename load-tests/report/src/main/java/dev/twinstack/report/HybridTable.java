package dev.twinstack.report;

import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Cost;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewayRoute;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The hybrid target's gateway, for both pages: each route by the side that served it, each side with its connections,
 * and the lab-only spillover experiment (how many requests spilled onto Lambda and what they cost).
 */
final class HybridTable {

    static final String INTRO = "One gateway in front of both sides (the template's route table for Topology=hybrid):"
            + " the users' routes to Lambda through the RDS Proxy stand-in, every other /api route to the Kubernetes"
            + " replicas, all on one database. JWT verified at the edge; a traceparent started there for every request."
            + " Latency here is the gateway's, from a request's arrival to its answer.";

    static final List<String> ROUTE_HEADINGS =
            List.of("route", "served by", "requests", "5xx", "cold", "throttled", "p50", "p95", "p99", "max");
    static final List<String> SIDE_HEADINGS =
            List.of("side", "connections named", "requests answered", "spilled", "peak connections");

    private HybridTable() {}

    static List<TargetResult> hybrids(List<TargetResult> targets) {
        return targets.stream().filter(t -> t.extras().gateway().isPresent()).toList();
    }

    static List<List<String>> routes(Gateway gateway) {
        List<List<String>> rows = new ArrayList<>();
        for (GatewayRoute route : gateway.routes()) {
            Percentiles p = route.latencyMs();
            rows.add(List.of(
                    route.route().isEmpty() ? "(no route: 404)" : route.route(),
                    route.side(),
                    Long.toString(route.requests()),
                    Long.toString(route.errors()),
                    Long.toString(route.cold()),
                    Long.toString(route.throttles()),
                    Format.ms(p.p50()),
                    Format.ms(p.p95()),
                    Format.ms(p.p99()),
                    Format.ms(p.max())));
        }
        return rows;
    }

    static List<List<String>> sides(Gateway gateway) {
        List<List<String>> rows = new ArrayList<>();
        for (GatewaySide side : gateway.sides()) {
            rows.add(List.of(
                    side.side(),
                    side.applicationName() + "*",
                    Long.toString(side.requests()),
                    side.side().equals("lambda") ? side.spilledIn() + " onto it" : side.spilledIn() + " away from it",
                    Format.count(side.peakConnections(), "connections")));
        }
        return rows;
    }

    /** What the spillover rule did, in one sentence. */
    static String spillover(Gateway gateway) {
        if (!gateway.spillover()) {
            return "Spillover off (lab.spillover=false): the gateway routed as HTTP API does, a 503 from the"
                    + " Kubernetes side went to the client.";
        }
        if (gateway.spilled() == 0) {
            return "Spillover on (lab-only): no request was answered 503 with Retry-After by the Kubernetes side, so"
                    + " none spilled onto Lambda.";
        }
        Percentiles latency = gateway.spilledLatencyMs();
        Percentiles firstTry = gateway.spilledFirstTryMs();
        return ("Spillover on (lab-only; HTTP API cannot retry on another integration, on AWS this takes weighted"
                        + " target groups on an ALB or a client-side rule): %d requests answered 503 with Retry-After"
                        + " by the Kubernetes side were served by Lambda instead, at p50 %s / p99 %s at the gateway,"
                        + " of which the first try took p50 %s / p99 %s; the Lambda side's connections peaked at %s.")
                .formatted(
                        gateway.spilled(),
                        Format.ms(latency.p50()),
                        Format.ms(latency.p99()),
                        Format.ms(firstTry.p50()),
                        Format.ms(firstTry.p99()),
                        gateway.sides().stream()
                                .filter(s -> s.side().equals("lambda"))
                                .findFirst()
                                .map(s -> Format.count(s.peakConnections(), "connections"))
                                .orElse(Format.NOT_MEASURED));
    }

    /**
     * One instant of both sides' connections, stacked.
     *
     * @param t seconds since the load started
     * @param counts each side's server connections then, in the gateway's order of sides
     */
    record Stacked(double t, List<Integer> counts) {

        int total() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Both sides' connection series on one time grid, so they can be stacked: every instant either side was sampled,
     * each side at its latest sample until then (none before its first).
     */
    static List<Stacked> stacked(Gateway gateway) {
        TreeSet<Double> instants = new TreeSet<>();
        gateway.sides().forEach(side -> side.connections().forEach(c -> instants.add(c.t())));
        List<Stacked> rows = new ArrayList<>();
        for (double t : instants) {
            List<Integer> counts = new ArrayList<>();
            for (GatewaySide side : gateway.sides()) {
                int count = 0;
                for (ConnectionSample c : side.connections()) {
                    if (c.t() <= t) {
                        count = c.total();
                    } else {
                        break;
                    }
                }
                counts.add(count);
            }
            rows.add(new Stacked(t, List.copyOf(counts)));
        }
        return rows;
    }

    /** The stacked connections in one sentence: their peak together against the summed bound. */
    static String stackedSummary(TargetResult target, int maxConnections) {
        Gateway gateway = target.extras().gateway().orElseThrow();
        List<Stacked> rows = stacked(gateway);
        String bound = target.budget()
                .map(b -> "the summed bound of %d (both sides' worst cases added, as the budget table shows)"
                        .formatted(b.predicted()))
                .orElse("no summed bound (not predicted)");
        if (rows.isEmpty()) {
            return "Both sides' connections were not sampled; " + bound + ", max_connections " + maxConnections + ".";
        }
        Stacked peak = rows.stream()
                .max(java.util.Comparator.comparingInt(Stacked::total))
                .orElseThrow();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < gateway.sides().size(); i++) {
            parts.add(gateway.sides().get(i).side() + " " + peak.counts().get(i));
        }
        return ("Both sides' server connections stacked peaked at %d together at %s s (%s), against %s and"
                        + " max_connections %d.")
                .formatted(
                        peak.total(),
                        String.format(Locale.ROOT, "%.1f", peak.t()),
                        String.join(" + ", parts),
                        bound,
                        maxConnections);
    }

    /**
     * The hybrid split's column in words: the measured share and, at the projection's middle volume, what each part
     * of the split's bill is.
     */
    static Optional<String> costSplit(Cost cost) {
        return cost.split().map(split -> {
            int v = cost.volumes().size() / 2;
            return ("%s column: the split the gateway measured, %s of requests on Lambda (%d by the Lambda side, %d by"
                            + " the Kubernetes side), beside all-Lambda and all-Kubernetes; at %s: Lambda side %s, HTTP"
                            + " API (every request) %s, Kubernetes side %s.")
                    .formatted(
                            split.target(),
                            String.format(Locale.ROOT, "%.1f %%", 100 * split.lambdaShare()),
                            split.lambdaRequests(),
                            split.kubernetesRequests(),
                            Format.requestsPerMonth(cost.volumes().get(v)),
                            Format.usd(split.lambdaSideUsd().get(v)),
                            Format.usd(split.apiGatewayUsd().get(v)),
                            Format.usd(split.kubernetesSideUsd().get(v)));
        });
    }

    /** Where the edge spans are. */
    static String edgeSpans(Gateway gateway) {
        return "%d edge spans (the root span of each request's trace, OTLP/JSON field names) in %s."
                .formatted(gateway.edgeSpans(), gateway.edgeSpansFile());
    }
}
