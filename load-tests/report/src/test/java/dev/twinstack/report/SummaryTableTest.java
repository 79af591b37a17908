package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.results.Autoscaling;
import dev.twinstack.results.Extras;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.Pinning;
import dev.twinstack.results.Replica;
import dev.twinstack.results.ReplicaOrigin;
import dev.twinstack.results.Results;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every figure of the summary table, per target, from the hand-checked three-target fixture. */
class SummaryTableTest {

    private static SummaryTable table;

    @BeforeAll
    static void readFixture() throws IOException {
        table = SummaryTable.of(Fixtures.read(Fixtures.THREE_TARGETS));
    }

    @Test
    void hasOneColumnPerTargetInTheLabsOrder() {
        assertEquals(List.of("lambda-direct", "lambda-ondemand", "k8s"), table.targets());
    }

    @Test
    void countsRequestsAndErrors() {
        assertRow("Requests", "40 requests", "40 requests", "40 requests");
        assertRow("Error ratio", "5.00 % (2 errors)", "0.00 % (0 errors)", "2.50 % (1 error)");
        assertRow("Errors by cause", "throttle: 1 request, timeout: 1 request", "none", "saturation: 1 request");
        assertRow("Mean throughput", "2.5 requests/s", "2.5 requests/s", "2.5 requests/s");
    }

    @Test
    void showsFailedFlowsTheFailedRequestsLatencyApartAndTheCpuPerRequest() {
        assertRow(
                SummaryTable.FLOWS,
                "2 flows of 120 flows (stopped at place order 2)",
                "2 flows of 120 flows (stopped at place order 2)",
                "2 flows of 120 flows (stopped at place order 2)");
        assertRow(
                SummaryTable.FAILED_LATENCY,
                "3 / 30,001 / 30,001 / 30,001 ms",
                "no failed request with a latency",
                "3 / 30,001 / 30,001 / 30,001 ms");
        String cpu = "20.00 CPU-ms / 5.00 CPU-ms (2 processes, 7.2 CPU-s of target and 1.8 CPU-s of PostgreSQL CPU over"
                + " 360 successful requests)";
        assertRow(SummaryTable.CPU, cpu, cpu, cpu);
    }

    @Test
    void showsThePercentilesOfAllSuccessfulRequests() {
        assertRow(
                "Latency p50 / p95 / p99 / max, all successful requests",
                "16 / 3,712 / 4,210 / 4,210 ms",
                "20 / 3,890 / 4,020 / 4,020 ms",
                "23 / 5,827 / 6,859 / 6,859 ms");
    }

    @Test
    void showsTheLabsWarmPercentiles() {
        assertRow("Warm latency p50", "15 ms", "19 ms", "23 ms");
        assertRow("Warm latency p95", "61 ms", "70 ms", "88 ms");
        assertRow("Warm latency p99", "118 ms", "131 ms", "163 ms");
    }

    @Test
    void showsColdStartsAsTheClientSawThem() {
        assertRow("Cold starts (first request of an instance)", "3 cold starts", "3 cold starts", "2 cold starts");
        assertRow("Cold latency p50, client-observed", "3,712 ms", "3,890 ms", "5,827 ms");
        assertRow("Cold latency p99, client-observed", "4,210 ms", "4,020 ms", "6,859 ms");
    }

    @Test
    void computesInitDurationPercentilesByNearestRankOverColdInvocations() {
        // lambda-direct's cold starts were restores: no Init Duration (none, not unmeasured; k8s is not Lambda);
        // lambda-ondemand: 2,350 / 2,510 / 2,700 ms -> p50 is the 2nd of 3, p99 the 3rd.
        assertRow(
                "Init Duration p50 (Lambda REPORT)",
                SummaryTable.NONE,
                "2,510 ms (of 3 cold starts)",
                Format.NOT_MEASURED);
        assertRow(
                "Init Duration p99 (Lambda REPORT)",
                SummaryTable.NONE,
                "2,700 ms (of 3 cold starts)",
                Format.NOT_MEASURED);
    }

    @Test
    void splitsColdStartsIntoRestoresAndInitsWithRestoreDurationPercentiles() {
        assertRow(
                "Cold starts on Lambda: SnapStart restores / on-demand inits",
                "3 restores / 0 on-demand inits",
                "0 restores / 3 on-demand inits",
                Format.NOT_MEASURED);
        // 285.25 / 310.5 / 342 ms: p50 the 2nd of 3, p99 the 3rd; billed 9 / 12 / 15 ms.
        assertRow(
                "Restore Duration p50 / p99 (Lambda REPORT)",
                "311 ms / 342 ms (of 3 restores)",
                SummaryTable.NONE,
                Format.NOT_MEASURED);
        assertRow(
                "Billed Restore Duration p50 / p99 (Lambda REPORT)",
                "12 ms / 15 ms (of 3 restores)",
                SummaryTable.NONE,
                Format.NOT_MEASURED);
    }

    @Test
    void showsThePublishedVersionTheResourcesAndTheRuntime() {
        assertRow(
                "SnapStart version published before the load",
                "10 copies in 21.3 s (52.4 CPU-seconds), Init Duration p50 9,840 ms; during the load 3 copies"
                        + " initialised again (15.8 CPU-seconds), 0 restores waited for one",
                Format.NOT_MEASURED,
                Format.NOT_MEASURED);
        String resources = "0.58 vCPU and 1,024 MB each, enforced (cgroup v1 (cpu, cpuacct, memory) below"
                + " /sys/fs/cgroup/cpu); 10 at once need 5.79 vCPU, more than this machine's 2 CPUs";
        assertRow("CPU and memory per environment (Lambda)", resources, resources, Format.NOT_MEASURED);
        assertRow("Runtime (Lambda)", "java25 on JDK 25", "java25 on JDK 25", Format.NOT_MEASURED);
    }

    @Test
    void showsLambdaDurationsAndHowEachInvocationEnded() {
        // lambda: 39 invocations ran (one was throttled); the 20th-smallest duration is 11 ms, the 39th 41 ms.
        assertRow(
                "Duration p50 / p99 (Lambda REPORT)",
                "11 ms / 41 ms (of 39 invocations)",
                "11 ms / 41 ms (of 40 invocations)",
                Format.NOT_MEASURED);
        assertRow(
                "Invocations by outcome (Lambda)",
                "success: 38 invocations, timeout: 1 invocation (Task timed out after 10.00 seconds), throttled: 1"
                        + " invocation (TooManyRequestsException: Rate Exceeded.)",
                "success: 40 invocations",
                Format.NOT_MEASURED);
    }

    @Test
    void saysWhenAReplicaJoinedUnderLoad() throws IOException {
        Results fixture = Fixtures.read(Fixtures.THREE_TARGETS);
        TargetResult k8s = fixture.targets().get(2);
        TargetResult scaledOut = Fixtures.with(
                k8s,
                k8s.peakConnections(),
                k8s.budget(),
                new Extras(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(List.of(new Replica(0, 4686, 0), new Replica(1, 5600, 20)))));

        SummaryTable table =
                SummaryTable.of(new Results(Results.SCHEMA, fixture.run(), List.of(scaledOut), Optional.empty()));

        assertEquals(
                List.of("#0 4,686 ms, #1 5,600 ms (started 20 s into the load)"),
                table.row("Replicas ready after start").values());
    }

    @Test
    void countsOnlyTheColdRequestsOfReplicasStartedUnderLoadAndSaysWhyNoneWasAdded() throws IOException {
        Results fixture = Fixtures.read(Fixtures.THREE_TARGETS);
        TargetResult k8s = fixture.targets().get(2);
        // The fixture's cold requests, in the order they ended: 5,825 ms (replica 0, pre-warmed), 6,859 ms (replica 1,
        // added by the HPA 31 s into the load).
        Autoscaling autoscaling = new Autoscaling(
                "overlays/local rendered with kubectl kustomize",
                1,
                3,
                70,
                550,
                15,
                "sync every 15 s",
                List.of(new Autoscaling.ReplicaSample(0, 1, 1, 1), new Autoscaling.ReplicaSample(40, 2, 2, 2)),
                List.of(new Autoscaling.HpaDecision(
                        30.1, 1, Optional.of(95), 2, 2, "utilization 95 % of the CPU request, target 70 %: scale out")),
                Optional.empty());
        TargetResult scaled = Fixtures.with(
                k8s,
                k8s.peakConnections(),
                k8s.budget(),
                new Extras(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(List.of(
                                new Replica(
                                        0,
                                        4686,
                                        0,
                                        Optional.of(ReplicaOrigin.PREWARMED),
                                        Optional.of(4686L),
                                        Optional.of(120L),
                                        Optional.empty()),
                                new Replica(
                                        1,
                                        7200,
                                        31,
                                        Optional.of(ReplicaOrigin.AUTOSCALED),
                                        Optional.of(8300L),
                                        Optional.of(900L),
                                        Optional.of(95)))),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(autoscaling)));
        TargetResult idle = Fixtures.with(
                k8s,
                k8s.peakConnections(),
                k8s.budget(),
                new Extras(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(List.of(
                                new Replica(
                                        0,
                                        4686,
                                        0,
                                        Optional.of(ReplicaOrigin.PREWARMED),
                                        Optional.of(4686L),
                                        Optional.of(120L),
                                        Optional.empty()),
                                new Replica(
                                        1,
                                        4609,
                                        0,
                                        Optional.of(ReplicaOrigin.PREWARMED),
                                        Optional.of(4609L),
                                        Optional.of(130L),
                                        Optional.empty()))),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new Autoscaling(
                                "overlays/local",
                                1,
                                3,
                                70,
                                550,
                                15,
                                "sync every 15 s",
                                List.of(),
                                List.of(),
                                Optional.of("the pods used at most 4 % of their CPU request")))));

        Results results = new Results(Results.SCHEMA, fixture.run(), List.of(scaled, idle), Optional.empty());
        SummaryTable table = SummaryTable.of(results);
        assertEquals(
                List.of(
                        "%s: 1 of its cold requests were the first requests of pre-warmed replicas (started and ready"
                                        .formatted(scaled.name())
                                + " before the load, not pod starts); the page's cold rows leave them out",
                        "%s: 2 of its cold requests were the first requests of pre-warmed replicas (started and ready"
                                        .formatted(idle.name())
                                + " before the load, not pod starts); the page's cold rows leave them out"),
                Report.prewarmedColdRequests(results),
                "the terminal's cold column says what the page leaves out");

        assertEquals(
                List.of(
                        "1 cold start started under load; pre-warmed replicas' first requests left out: 1 (not pod starts)",
                        "0 cold starts started under load; pre-warmed replicas' first requests left out: 2 (not pod starts)"),
                table.row("Cold starts (first request of an instance)").values());
        assertEquals(
                List.of(
                        "6,859 ms (of 1 cold start started under load)",
                        "none started under load (pre-warmed replicas only: their first requests 5,825 ms)"),
                table.row("Cold latency p50, client-observed").values());
        assertEquals(
                List.of(
                        "#0 pre-warmed: ready 4,686 ms, in rotation 4,686 ms, first request 120 ms at the front, #1 added"
                                + " 31 s into the load: pod start → ready 7,200 ms, in rotation 8,300 ms, first request"
                                + " 900 ms at the front, removed 95 s into the load",
                        "#0 pre-warmed: ready 4,686 ms, in rotation 4,686 ms, first request 120 ms at the front, #1"
                                + " pre-warmed: ready 4,609 ms, in rotation 4,609 ms, first request 130 ms at the front"),
                table.row("Replicas ready after start").values());
        assertEquals(
                List.of(
                        "replicas were added: 1 (their starts in the row above)",
                        "the pods used at most 4 % of their CPU request"),
                table.row(SummaryTable.WHY_NO_REPLICA).values());
    }

    @Test
    void showsReplicaStartTimesForKubernetesOnly() {
        assertRow("Replicas ready after start", Format.NOT_MEASURED, Format.NOT_MEASURED, "#0 4,686 ms, #1 4,609 ms");
    }

    @Test
    void putsPeakConnectionsBesideMaxConnectionsAndTheBudget() {
        assertRow(
                "Peak server connections",
                "3 connections of max_connections 40",
                "2 connections of max_connections 40",
                "20 connections of max_connections 40");
        assertRow(
                "Predicted worst case (budget)",
                "10 connections (measured peak within it)",
                "4 connections (measured peak within it)",
                "35 connections (measured peak within it)");
    }

    @Test
    void showsThePgBouncerPoolOnlyWhereTheTargetGoesThroughIt() {
        assertRow("PgBouncer pool size", Format.NOT_MEASURED, "4 connections", Format.NOT_MEASURED);
        // sv_active + sv_idle + sv_used peaks at 2 + 0 + 0 (t = 5.2 s and later).
        assertRow("Peak PgBouncer server connections", Format.NOT_MEASURED, "2 connections", Format.NOT_MEASURED);
    }

    @Test
    void showsTheSessionsThatWouldPinOnlyWhereTheTargetGoesThroughTheProxy() {
        assertRow(SummaryTable.PINNING, Format.NOT_MEASURED, "0 sessions of 6 sessions", Format.NOT_MEASURED);
    }

    @Test
    void namesTheConditionsPinnedSessionsMet() throws IOException {
        Results fixture = Fixtures.read(Fixtures.THREE_TARGETS);
        TargetResult proxied = fixture.targets().get(1);
        PgBouncerExtras pool = proxied.extras().pgbouncer().orElseThrow();
        Map<String, Integer> byReason = new LinkedHashMap<>();
        byReason.put("SESSION_PARAMETER", 2);
        byReason.put("ADVISORY_LOCK", 1);
        TargetResult pinned = Fixtures.with(
                proxied,
                proxied.peakConnections(),
                proxied.budget(),
                new Extras(
                        proxied.extras().lambda(),
                        Optional.of(new PgBouncerExtras(
                                pool.poolSize(), pool.samples(), Optional.of(new Pinning(6, 2, byReason)))),
                        Optional.empty()));

        SummaryTable table =
                SummaryTable.of(new Results(Results.SCHEMA, fixture.run(), List.of(pinned), Optional.empty()));

        assertEquals(
                List.of("2 sessions of 6 sessions (SESSION_PARAMETER 2, ADVISORY_LOCK 1)"),
                table.row(SummaryTable.PINNING).values());
    }

    @Test
    void showsLambdaThrottlesAndConcurrency() {
        assertRow("Throttled requests (Lambda)", "1 throttle", "0 throttles", Format.NOT_MEASURED);
        assertRow("Peak concurrent environments (Lambda)", "3 environments", "3 environments", Format.NOT_MEASURED);
        assertRow("SLOs met", "yes", "yes", "no");
    }

    @Test
    void showsEachTargetsLedgerAndNamesTheWritesThatMissedTheGoal() {
        assertRow(
                SummaryTable.LEDGER,
                "0 / 0 / 0 (none lost or stored twice)",
                "0 / 0 / 0 (none lost or stored twice)",
                "1 / 0 / 1 (GOAL MISSED: lost k8s-key-7)");
        assertRow(
                "Ledger: writes acknowledged / ambiguous / refused",
                "12 / 1 (1 stored) / 0 of 13 writes, 1 retried",
                "14 / 0 (0 stored) / 0 of 14 writes, 0 retried",
                "11 / 1 (0 stored) / 1 of 13 writes, 2 retried");
        assertRow(
                SummaryTable.LEAKS,
                "none",
                "none",
                "1 body: 500 on place order: an exception (org.hibernate.exception.JDBCConnectionException)");
    }

    @Test
    void saysWhatARunWithoutLambdaBudgetOrPgBouncerDidNotMeasure() throws IOException {
        SummaryTable k8sOnly = SummaryTable.of(Fixtures.read(Fixtures.K8S_ONLY));

        assertEquals(List.of("675 requests"), k8sOnly.row("Requests").values());
        assertEquals(
                List.of("5,827 ms"),
                k8sOnly.row("Cold latency p50, client-observed").values());
        assertEquals(
                List.of(Format.NOT_MEASURED),
                k8sOnly.row("Predicted worst case (budget)").values());
        assertEquals(
                List.of(Format.NOT_MEASURED),
                k8sOnly.row("Init Duration p50 (Lambda REPORT)").values());
        assertEquals(
                List.of(Format.NOT_MEASURED), k8sOnly.row(SummaryTable.LEDGER).values());
    }

    private static void assertRow(String label, String lambda, String proxy, String k8s) {
        assertEquals(List.of(lambda, proxy, k8s), table.row(label).values(), label);
    }
}
