package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.report.Report;
import dev.twinstack.results.Cost;
import dev.twinstack.results.CostSplit;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewayRoute;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import dev.twinstack.results.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The hybrid target in the smoke profile (part of the full profile: it needs PgBouncer and psql): both sides at once on
 * one database behind the lab's gateway, with the deploy files' auth and the lab-only spillover rule on. The users'
 * routes must be served by Lambda, the others by the replicas, which accept the identity headers the gateway maps
 * from the tokens; every request has its edge span; results.json reads back strictly and the page shows the section.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs PgBouncer and psql: run with -Pfull")
class HybridLabIT {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final Path OUT = BUILD.resolve("lab-hybrid");
    private static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("lab.profile", "smoke"),
            Map.entry("lab.targets", "hybrid"),
            Map.entry("lab.spillover", "true"),
            // Every request traced: each route's example must exist in a run this short.
            Map.entry("lab.traceRatio", "1"),
            Map.entry("lab.lambdaConcurrency", "3"),
            Map.entry("lab.proxyPool", "2"),
            Map.entry("lab.replicas", "2"),
            Map.entry("lab.seedUsers", "1000"),
            // Local cold starts on shared cores are slow: the smoke run checks shapes, not speed.
            Map.entry("lab.sloP95", "60s"),
            Map.entry("lab.sloP99", "60s"),
            Map.entry("lab.out", OUT.toAbsolutePath().toString()),
            Map.entry("lab.serverDir", BUILD.resolve("server").toAbsolutePath().toString()),
            Map.entry(
                    "lab.functionDir",
                    BUILD.resolve("function").toAbsolutePath().toString()),
            Map.entry(
                    "lab.template",
                    BUILD.toAbsolutePath()
                            .getParent()
                            .resolve("../../deploy-lambda/template.yaml")
                            .normalize()
                            .toString()));

    private static Results results;
    private static TargetResult hybrid;
    private static Gateway gateway;
    private static String page;

    @BeforeAll
    static void runTheLab() throws Exception {
        if (PgBouncer.executable().isEmpty()) {
            throw new IllegalStateException(
                    "the full profile needs pgbouncer and psql on PATH (apt-get install pgbouncer postgresql-client)");
        }
        PROPERTIES.forEach(System::setProperty);
        Lab lab = new Lab(LabSettings.fromSystem());
        try {
            lab.run();
        } finally {
            lab.closeAll();
        }
        results = ResultsJson.read(OUT.resolve("results.json"));
        hybrid = results.targets().get(0);
        gateway = hybrid.extras().gateway().orElseThrow();
        page = Files.readString(Report.render(OUT.resolve("results.json"), OUT.resolve("round-trip")));
    }

    @AfterAll
    static void clearTheProperties() {
        PROPERTIES.keySet().forEach(System::clearProperty);
    }

    @Test
    void servesTheUsersRoutesOnLambdaAndTheOthersOnTheReplicas() {
        List<String> sides = gateway.routes().stream()
                .filter(r -> r.requests() > 0)
                .map(r -> r.route() + " " + r.side())
                .toList();

        assertTrue(sides.contains("ANY /api/users lambda"), sides.toString());
        assertTrue(sides.contains("ANY /api/{proxy+} k8s"), sides.toString());
        assertTrue(
                gateway.routes().stream()
                        .filter(r -> r.route().startsWith("ANY /api/users"))
                        .allMatch(r -> r.side().equals("lambda")),
                "no users' route reaches the replicas: " + sides);
    }

    @Test
    void theReplicasAcceptTheIdentityTheGatewayMapped() throws Exception {
        GatewayRoute cluster = gateway.routes().stream()
                .filter(r -> r.side().equals("k8s"))
                .findFirst()
                .orElseThrow();

        assertEquals(0, cluster.errors(), cluster.toString());
        List<RequestRecord> log =
                ResultsJson.readRequestLog(OUT.resolve(HybridTarget.NAME).resolve("requests.jsonl"));
        assertTrue(log.stream().noneMatch(r -> r.status() == 401), "no request was refused for want of a caller");
    }

    @Test
    void bothSidesConnectionsAreSampledAndAddUpWithinTheSummedBound() {
        GatewaySide lambda = gateway.sides().get(0);
        GatewaySide k8s = gateway.sides().get(1);

        assertTrue(lambda.peakConnections().orElseThrow() >= 1, lambda.toString());
        assertTrue(k8s.peakConnections().orElseThrow() >= 1, k8s.toString());
        assertTrue(
                hybrid.budget().orElseThrow().measuredWithin(), hybrid.budget().toString());
        assertTrue(hybrid.budget().orElseThrow().formula().contains("plus Kubernetes side"));
    }

    @Test
    void countsEachRoutesColdStartsAndThrottlesByTheSideThatServedIt() {
        List<Invocation> invocations = hybrid.extras().lambda().orElseThrow().invocations();
        long lambdaCold = gateway.routes().stream()
                .filter(r -> r.side().equals("lambda"))
                .mapToLong(GatewayRoute::cold)
                .sum();
        long lambdaThrottles = gateway.routes().stream()
                .filter(r -> r.side().equals("lambda"))
                .mapToLong(GatewayRoute::throttles)
                .sum();
        long k8sCold = gateway.routes().stream()
                .filter(r -> r.side().equals("k8s"))
                .mapToLong(GatewayRoute::cold)
                .sum();

        // Every invocation came through the gateway: its cold starts and throttles are the function side's routes'.
        assertTrue(lambdaCold >= 1, "the load starts with no warm environment: " + gateway.routes());
        assertEquals(
                invocations.stream().filter(Invocation::cold).count(),
                lambdaCold,
                gateway.routes().toString());
        assertEquals(
                invocations.stream()
                        .filter(i -> i.outcome() == InvocationOutcome.THROTTLED)
                        .count(),
                lambdaThrottles,
                gateway.routes().toString());
        assertTrue(
                k8sCold <= hybrid.extras().replicas().orElseThrow().size(),
                "at most one first request per replica: " + gateway.routes());
        assertTrue(page.contains("<th scope=\"col\">cold</th><th scope=\"col\">throttled</th>"), "the columns");
    }

    @Test
    void drawsBothSidesConnectionsStackedAgainstTheSummedBound() {
        long bound = hybrid.budget().orElseThrow().predicted();

        assertTrue(gateway.sides().stream().allMatch(s -> !s.connections().isEmpty()), "both sides' series");
        assertTrue(page.contains("id=\"hybrid-connections-0\""), "the stacked chart");
        assertTrue(page.contains("summed bound = " + bound), "the summed bound's line");
        assertTrue(page.contains("Both sides&#39; server connections stacked peaked at"), "the peak in words");
    }

    @Test
    void pricesTheMeasuredSplitBesideAllLambdaAndAllKubernetes() {
        Cost cost = results.cost().orElseThrow();
        CostSplit split = cost.split().orElseThrow();
        long onLambda = gateway.sides().get(0).requests();
        long onK8s = gateway.sides().get(1).requests();

        assertEquals(
                List.of("lambda", "k8s", "hybrid"),
                List.copyOf(cost.monthlyUsd().keySet()));
        assertEquals(onLambda, split.lambdaRequests());
        assertEquals(onK8s, split.kubernetesRequests());
        assertEquals((double) onLambda / (onLambda + onK8s), split.lambdaShare(), 1e-9);
        assertTrue(page.contains("hybrid column: the split the gateway measured"), "the split on the page");
    }

    @Test
    void countsASpilledRequestOnlyWhereLambdaServedAClusterRoute() {
        long lambdaOnClusterRoutes = gateway.routes().stream()
                .filter(r -> r.route().equals("ANY /api/{proxy+}") && r.side().equals("lambda"))
                .mapToLong(GatewayRoute::requests)
                .sum();

        assertTrue(gateway.spillover());
        assertEquals(lambdaOnClusterRoutes, gateway.spilled());
    }

    @Test
    void recordsAnEdgeSpanForEveryRequest() throws Exception {
        long requests =
                gateway.routes().stream().mapToLong(GatewayRoute::requests).sum();
        List<String> lines = Files.readAllLines(OUT.resolve(gateway.edgeSpansFile()));

        assertEquals(requests, gateway.edgeSpans());
        assertEquals(requests, lines.size());
        assertTrue(lines.stream()
                .allMatch(l -> l.matches("\\{\"traceId\":\"[0-9a-f]{32}\",\"spanId\":\"[0-9a-f]{16}\".*")));
    }

    @Test
    void eachRoutesExampleIsOneWholeTraceFromTheEdgeThroughTheSideThatServedIt() {
        List<Trace> traces = hybrid.traces().orElseThrow();
        List<String> routes = traces.stream().map(Trace::route).toList();
        assertTrue(
                routes.stream().anyMatch(r -> r.matches("[A-Z]+ /api/users(/\\{proxy\\+})?")),
                "a trace of the function's routes: " + routes);
        assertTrue(
                routes.stream().anyMatch(r -> r.matches("[A-Z]+ /api/\\{proxy\\+}")),
                "a trace of the cluster's route: " + routes);
        for (Trace trace : traces) {
            assertEquals(List.of(), trace.problems(), trace.route() + " " + trace.traceId());
            assertEquals("gateway", trace.spans().get(0).service(), "the edge span is the root of " + trace.route());
        }
        assertTrue(page.contains("<section id=\"traces\">"), "the waterfall section");
    }

    @Test
    void showsTheHybridSectionOnThePage() {
        assertTrue(page.contains("<section id=\"hybrid\">"));
        assertTrue(page.contains("Spillover on (lab-only"), "the spillover sentence");
    }
}
