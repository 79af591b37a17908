package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.json written and read back through the records, and every way a file can depart from them refused. */
class ResultsJsonTest {

    private static final Instant START = Instant.parse("2026-11-23T21:30:00Z");

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() throws IOException {
        Results written = complete();

        Path file = dir.resolve("results.json");
        ResultsJson.write(written, file);

        assertEquals(written, ResultsJson.read(file));
    }

    @Test
    void leavesOutWhatARunDidNotMeasureAndReadsItAsAbsent() throws IOException {
        Results written = new Results(
                Results.SCHEMA,
                complete().run(),
                List.of(new TargetResult(
                        "k8s",
                        "a deployment at https://example.com",
                        true,
                        Optional.empty(),
                        complete().targets().get(0).requests(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        Extras.NONE,
                        Optional.empty(),
                        List.of())),
                Optional.empty());
        Path file = dir.resolve("results.json");

        ResultsJson.write(written, file);

        String json = Files.readString(file);
        assertTrue(
                !json.contains("gatlingReport")
                        && !json.contains("\"cost\"")
                        && !json.contains("budget")
                        && !json.contains("ledger"),
                json);
        assertEquals(written, ResultsJson.read(file));
    }

    @Test
    void refusesAFieldTheRecordsDoNotKnowAndNamesIt() throws IOException {
        IOException e = assertThrows(
                IOException.class,
                () -> readEdited(json -> target(json).with("extras").put("environments", 3)));

        assertTrue(e.getMessage().contains("Unrecognized field \"environments\""), e.getMessage());
        assertTrue(e.getMessage().contains("at targets[0].extras.environments"), e.getMessage());
    }

    @Test
    void refusesAMissingRequiredFieldAndNamesIt() throws IOException {
        IOException e = assertThrows(
                IOException.class,
                () -> readEdited(
                        json -> ((ObjectNode) target(json).path("extras").path("lambda")).remove("environmentsPeak")));

        assertTrue(e.getMessage().contains("Missing required creator property 'environmentsPeak'"), e.getMessage());
        assertTrue(e.getMessage().contains("at targets[0].extras.lambda"), e.getMessage());
    }

    @Test
    void refusesARestoreWithoutItsBilledDuration() throws IOException {
        IOException e = assertThrows(
                IOException.class,
                () -> readEdited(json -> ((ObjectNode) target(json)
                                .path("extras")
                                .path("lambda")
                                .path("invocations")
                                .get(0)
                                .path("restore"))
                        .remove("billedRestoreMs")));

        assertTrue(e.getMessage().contains("'billedRestoreMs'"), e.getMessage());
        assertTrue(e.getMessage().contains("at targets[0].extras.lambda.invocations[0].restore"), e.getMessage());
    }

    @Test
    void refusesNullForARequiredField() throws IOException {
        IOException e = assertThrows(
                IOException.class, () -> readEdited(json -> target(json).putNull("description")));

        assertTrue(e.getMessage().contains("'description'"), e.getMessage());
    }

    @Test
    void refusesACauseOutsideTheClosedSet() throws IOException {
        IOException e = assertThrows(
                IOException.class,
                () -> readEdited(json ->
                        target(json).with("requests").with("errorsByCause").put("teapot", 1)));

        assertTrue(e.getMessage().contains("teapot"), e.getMessage());
        assertTrue(e.getMessage().contains("at targets[0].requests.errorsByCause"), e.getMessage());
    }

    @Test
    void refusesAReplicaOriginOutsideTheClosedSetAndADecisionWithoutItsReason() throws IOException {
        IOException origin = assertThrows(
                IOException.class,
                () -> readEdited(json -> ((ObjectNode)
                                target(json).path("extras").path("replicas").path(1))
                        .put("origin", "CLONED")));
        IOException reason = assertThrows(
                IOException.class,
                () -> readEdited(json -> ((ObjectNode) target(json)
                                .path("extras")
                                .path("autoscaling")
                                .path("decisions")
                                .path(0))
                        .remove("reason")));

        assertTrue(origin.getMessage().contains("CLONED"), origin.getMessage());
        assertTrue(origin.getMessage().contains("at targets[0].extras.replicas[1].origin"), origin.getMessage());
        assertTrue(reason.getMessage().contains("'reason'"), reason.getMessage());
        assertTrue(reason.getMessage().contains("at targets[0].extras.autoscaling.decisions[0]"), reason.getMessage());
    }

    @Test
    void refusesALedgerWithoutItsLostWrites() throws IOException {
        IOException e = assertThrows(
                IOException.class,
                () -> readEdited(json -> ((ObjectNode) target(json).path("ledger")).remove("lost")));

        assertTrue(e.getMessage().contains("'lost'"), e.getMessage());
        assertTrue(e.getMessage().contains("at targets[0].ledger"), e.getMessage());
    }

    @Test
    void refusesAnotherSchemaVersion() throws IOException {
        IOException e = assertThrows(IOException.class, () -> readEdited(json -> json.put("schema", 1)));

        assertTrue(e.getMessage().contains("schema 1, this reader reads schema " + Results.SCHEMA), e.getMessage());
    }

    private Results readEdited(Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("edited.json");
        ResultsJson.write(complete(), file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(file.toFile());
        edit.accept(tree);
        json.writeValue(file.toFile(), tree);
        return ResultsJson.read(file);
    }

    private static ObjectNode target(ObjectNode results) {
        return (ObjectNode) results.path("targets").get(0);
    }

    /** A run with every part present, each value distinct enough to be told apart when read back. */
    static Results complete() {
        Percentiles warm = new Percentiles(37, 15, 61, 118, 120);
        Percentiles cold = new Percentiles(3, 3712, 4210, 4210, 4210);
        Requests requests = new Requests(
                40,
                2,
                0.05,
                Map.of(ErrorCause.THROTTLE, 1L, ErrorCause.INTEGRATION_TIMEOUT, 1L, ErrorCause.FUNCTION_ERROR, 1L),
                new Latency(
                        new Percentiles(40, 16, 3712, 4210, 4210),
                        cold,
                        warm,
                        new Percentiles(2, 3, 30_001, 30_001, 30_001)),
                List.of(3712L, 3388L, 4210L),
                List.of(
                        new Second(0, 0, 0, Map.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                        new Second(
                                1,
                                5,
                                1,
                                Map.of(ErrorCause.THROTTLE, 1),
                                Optional.of(3388.0),
                                Optional.of(4210.0),
                                Optional.of(4210.0))),
                2.5,
                Optional.of(new Flows(14, 2, Map.of("place order", 1L, "find user", 1L))));
        Invocation served = new Invocation(
                START.plusMillis(4_000),
                "req-1",
                Optional.of("env-1"),
                true,
                0,
                Optional.of(new Restore(312.46, 12, 0)),
                41,
                3712,
                1.25,
                200,
                InvocationOutcome.SUCCESS,
                Optional.empty(),
                Optional.of(START.plusMillis(4_000).plusNanos(120_000)),
                Optional.of(START.plusMillis(7_700)));
        Invocation throttled = new Invocation(
                START.plusMillis(4_100),
                "req-2",
                Optional.empty(),
                false,
                0,
                Optional.empty(),
                0,
                2,
                0.5,
                500,
                InvocationOutcome.THROTTLED,
                Optional.of("TooManyRequestsException: Rate Exceeded."),
                Optional.empty(),
                Optional.empty());
        Extras extras = new Extras(
                Optional.of(LambdaExtras.of(
                        List.of(served, throttled),
                        Optional.of(new EnvironmentResources(
                                1024, 0.58, 4, 2.32, 2, true, "cgroup v1 (cpu, cpuacct, memory)", true)),
                        Optional.of(new LambdaRuntime(
                                "java25", 25, "/usr/lib/jvm/temurin-25-jdk-amd64", true, "/usr/lib/jvm")),
                        Optional.of(new SnapStart(4, List.of(9120.5, 9840.25), 10250, 21.5, 2, 0, 2, 11.25)))),
                Optional.of(new PgBouncerExtras(
                        4,
                        List.of(new PoolSample(0.25, 1, 2, 3, 4, 5)),
                        Optional.of(new Pinning(12, 1, Map.of("SESSION_PARAMETER", 1))))),
                Optional.of(List.of(
                        new Replica(0, 4686, 0),
                        new Replica(
                                1,
                                5100,
                                20,
                                Optional.of(ReplicaOrigin.AUTOSCALED),
                                Optional.of(6200L),
                                Optional.of(840L),
                                Optional.of(75)))),
                Optional.of(collected()),
                Optional.empty(),
                Optional.of(new Autoscaling(
                        "overlays/local rendered with kubectl kustomize",
                        1,
                        3,
                        70,
                        550,
                        15,
                        "sync every 15 s, tolerance 10 %",
                        List.of(
                                new Autoscaling.ReplicaSample(0.0, 1, 1, 1),
                                new Autoscaling.ReplicaSample(1.0, 2, 1, 1)),
                        List.of(new Autoscaling.HpaDecision(
                                15.1,
                                1,
                                Optional.of(182),
                                3,
                                3,
                                "utilization 182 % of the CPU request, target 70 %: scale out from 1 to 3")),
                        Optional.empty())));
        TargetResult target = new TargetResult(
                "lambda",
                "function.zip under the local Lambda service, SnapStart, through PgBouncer (pool 4)",
                true,
                Optional.of("lambda/gatling/run/index.html"),
                requests,
                Optional.of(2),
                Optional.of(new Budget(4, 40, "min(4, 10) = 4 connections", true)),
                List.of(new ConnectionSample(0.25, 2, 1, 1, 0)),
                extras,
                Optional.of(
                        new Ledger(
                                14,
                                11,
                                2,
                                1,
                                1,
                                3,
                                List.of(),
                                List.of("key-2"),
                                List.of("key-3"),
                                1,
                                List.of(
                                        "500 on place order: a stack frame (at dev.twinstack.orders.OrderService.place(OrderService.java:42))"))),
                List.of(new Drill(
                        "db-failover",
                        1_795_000_015_000L,
                        1_795_000_025_400L,
                        15.0,
                        25.4,
                        List.of("+0.01 s: PostgreSQL's port closed", "+10.40 s: PostgreSQL answers SELECT 1"),
                        120,
                        14,
                        Map.of(ErrorCause.SATURATION, 12L, ErrorCause.NO_RESPONSE, 2L),
                        List.of(new Drill.StatusCount(503, true, 12), new Drill.StatusCount(0, false, 2)),
                        Optional.of(310L),
                        DrillVerdict.RECOVERED)),
                Optional.of(CpuUse.of(3.5, 1.25, 38, 4)));
        Run run = new Run(
                START,
                "smoke",
                1.0,
                20,
                1000,
                new Machine(2, "Linux amd64", "17.0.15"),
                Map.of("postgresql", "17.6"),
                40,
                List.of("lambda: not asked for"),
                List.of("All targets share this machine's cores."));
        Cost cost = new Cost(
                List.of("HTTP API in front of Lambda"),
                "2026-11-01",
                List.of(1_000_000L, 5_000_000L),
                Map.of("lambda", List.of(2.62, 13.1), "k8s", List.of(96.4, 96.4)),
                Optional.of(55_300_000L));
        return new Results(Results.SCHEMA, run, List.of(target), Optional.of(cost));
    }

    /** Every part of what a deployment the lab does not run can be collected for, each with its source. */
    private static Collected collected() {
        MetricSeries concurrent = new MetricSeries(
                "AWS/Lambda",
                "ConcurrentExecutions",
                "FunctionName=twinstack",
                "Maximum",
                60,
                List.of(new MetricPoint(0, 3), new MetricPoint(60, 5)));
        return new Collected(
                Optional.of(new CollectedLambda(
                        "twinstack",
                        new Source("CloudWatch Logs Insights, /aws/lambda/twinstack", "per invocation (REPORT lines)"),
                        120,
                        1,
                        4,
                        5.0 / 120,
                        Optional.of(2210.5),
                        Optional.of(2210.5),
                        Optional.of(480.25),
                        Optional.of(612.0),
                        Optional.of(310.0),
                        Optional.of(402.0),
                        Optional.of(11.5),
                        Optional.empty(),
                        Optional.of(182.0),
                        Optional.of(1024),
                        List.of(concurrent))),
                Optional.of(new CollectedProxy("twinstack-proxy", List.of(concurrent))),
                Optional.of(new Source("pg_stat_activity (read-only URL)", "250 ms")),
                Optional.of(new CollectedCluster(
                        "twinstack",
                        "twinstack",
                        new Source("Kubernetes API", "5 s"),
                        List.of(new ReplicaCount(0, 2, 2)),
                        List.of(new PodStart("twinstack-7d9-abcde", Optional.of(5200L), 0, 0)),
                        Optional.of(new MetricSeries(
                                "metrics.k8s.io", "cpu", "pods of twinstack", "sum of pods", 5, List.of())))));
    }
}
