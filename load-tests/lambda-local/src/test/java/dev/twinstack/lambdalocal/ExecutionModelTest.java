package dev.twinstack.lambdalocal;

import static java.util.stream.Collectors.toSet;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lambda's execution model, with the probe function under the real runtime interface client. */
class ExecutionModelTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String MISSING_HANDLER = "dev.twinstack.lambdalocal.testfunction.Missing::handleRequest";

    private final List<String> log = TestFunction.newLog();

    @Test
    void concurrentRequestsCreateExactlyOneEnvironmentEach() {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(3).build())) {
            var responses = concurrently(lambda, 3, "sleep/1500");

            responses.forEach(response -> assertEquals(200, response.statusCode()));
            var records = TestFunction.records(lambda, 3);
            assertEquals(3, environmentsUsed(records));
            assertTrue(records.stream().allMatch(InvocationRecord::cold));
            assertEquals(3, lambda.environments().size());
            long lastStart = records.stream()
                    .mapToLong(InvocationRecord::startEpochMicros)
                    .max()
                    .orElseThrow();
            long firstEnd = records.stream()
                    .mapToLong(InvocationRecord::endEpochMicros)
                    .min()
                    .orElseThrow();
            assertTrue(lastStart < firstEnd, "three concurrent executions overlap: " + records);
        }
    }

    @Test
    void sequentialRequestsReuseOneWarmEnvironment() {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(3).build())) {
            IntStream.range(0, 3)
                    .forEach(i ->
                            assertEquals(200, TestFunction.get(lambda, "pid").statusCode()));

            var records = TestFunction.records(lambda, 3);
            assertEquals(1, environmentsUsed(records));
            assertEquals(
                    List.of(true, false, false),
                    records.stream().map(InvocationRecord::cold).toList());
            assertEquals(
                    1,
                    reportLines().stream()
                            .filter(line -> line.contains("Init Duration"))
                            .count());
            assertEquals(3, reportLines().size());
            for (int i = 1; i < records.size(); i++) {
                var earlier = records.get(i - 1);
                var later = records.get(i);
                assertTrue(earlier.startEpochMicros() <= earlier.endEpochMicros(), earlier.toString());
                assertTrue(
                        earlier.endEpochMicros() <= later.startEpochMicros(),
                        "sequential, not overlapping: " + records);
            }
        }
    }

    @Test
    void throttlesEveryRequestBeyondReservedConcurrency() {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(2).build())) {
            var responses = concurrently(lambda, 5, "sleep/2000");

            assertEquals(
                    2, responses.stream().filter(r -> r.statusCode() == 200).count());
            var throttled =
                    responses.stream().filter(r -> r.statusCode() == 500).toList();
            assertEquals(3, throttled.size());
            throttled.forEach(r -> assertEquals(HttpApiFront.INTERNAL_SERVER_ERROR, r.body()));
            assertEquals(3, lambda.throttles());
            assertEquals(
                    3,
                    TestFunction.records(lambda, 5).stream()
                            .filter(r -> r.outcome() == Outcome.THROTTLED)
                            .count());
        }
    }

    @Test
    void throttlesColdStartsBeyondTheScalingRate() {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(3).scalingRate(1).build())) {
            var responses = concurrently(lambda, 3, "sleep/500");

            assertEquals(
                    1, responses.stream().filter(r -> r.statusCode() == 200).count());
            assertEquals(2, lambda.throttles());
            assertEquals(1, lambda.environments().size());
            TestFunction.records(lambda, 3).stream()
                    .filter(r -> r.outcome() == Outcome.THROTTLED)
                    .forEach(throttled -> {
                        assertEquals(null, throttled.environmentId());
                        assertEquals(null, throttled.startEpochMicros());
                        assertEquals(null, throttled.endEpochMicros());
                    });
        }
    }

    @Test
    void freezesAnEnvironmentBetweenInvocationsWithItsConnectionOpen() throws IOException {
        try (var database = new ServerSocket(0);
                var lambda = LocalLambda.start(TestFunction.config(log).build())) {
            var response = TestFunction.get(lambda, "connect/" + database.getLocalPort());
            assertEquals(200, response.statusCode());
            try (Socket connection = database.accept()) {
                long pid = lambda.environments().get(0).pid();

                await().atMost(PATIENCE).until(() -> ProcStatus.state(pid) == 'T');

                connection.setSoTimeout(500);
                assertEquals('p', (char) connection.getInputStream().read());
                connection.getInputStream().skip(4);
                assertThrows(
                        SocketTimeoutException.class,
                        () -> connection.getInputStream().read());
                assertEquals("IDLE", lambda.environments().get(0).state());

                assertEquals(
                        200,
                        TestFunction.get(lambda, "connect/" + database.getLocalPort())
                                .statusCode());
                assertEquals('p', (char) connection.getInputStream().read());
                assertEquals(1, lambda.environments().size());
            }
        }
    }

    @Test
    void killsAnInvocationPastItsTimeoutAndReplacesTheEnvironment() {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).timeout(Duration.ofSeconds(2)).build())) {
            long firstPid = Long.parseLong(TestFunction.get(lambda, "pid").body());

            var response = TestFunction.get(lambda, "sleep/20000");

            assertEquals(500, response.statusCode());
            assertEquals(HttpApiFront.INTERNAL_SERVER_ERROR, response.body());
            var timedOut = TestFunction.records(lambda, 2).get(1);
            assertEquals(Outcome.TIMEOUT, timedOut.outcome());
            assertTrue(timedOut.cause().contains("Task timed out after 2.00 seconds"), timedOut.cause());
            assertTrue(log.stream()
                    .anyMatch(line -> line.endsWith(timedOut.requestId() + " Task timed out after 2.00 seconds")));
            await().atMost(PATIENCE)
                    .until(() ->
                            ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));

            assertTheNextRequestStartsANewEnvironment(lambda, firstPid);
        }
    }

    @Test
    void failsAnInvocationWhoseRuntimeExitsAndReplacesTheEnvironment() {
        try (var lambda = LocalLambda.start(TestFunction.config(log).build())) {
            long firstPid = Long.parseLong(TestFunction.get(lambda, "pid").body());

            var response = TestFunction.get(lambda, "exit");

            assertEquals(500, response.statusCode());
            assertEquals(HttpApiFront.INTERNAL_SERVER_ERROR, response.body());
            var exited = TestFunction.records(lambda, 2).get(1);
            assertEquals(Outcome.FUNCTION_ERROR, exited.outcome());
            assertEquals("Runtime.ExitError: Runtime exited with error: exit status 3", exited.cause());
            assertTrue(exited.endEpochMicros() >= exited.startEpochMicros());
            assertTheNextRequestStartsANewEnvironment(lambda, firstPid);
        }
    }

    @Test
    void reportsAMissingHandlerAsTheRuntimeInterfaceClientDoesInsteadOfHanging() {
        try (var lambda =
                LocalLambda.start(TestFunction.config(log, MISSING_HANDLER).build())) {
            var response = TestFunction.get(lambda, "pid");

            assertEquals(500, response.statusCode());
            assertEquals(HttpApiFront.INTERNAL_SERVER_ERROR, response.body());
            var record = TestFunction.records(lambda, 1).get(0);
            assertEquals(Outcome.FUNCTION_ERROR, record.outcome());
            assertTrue(
                    record.cause()
                            .startsWith("Runtime.BadFunctionCode: java.lang.ClassNotFoundException: Class not found"),
                    record.cause());
            assertEquals(500, TestFunction.get(lambda, "pid").statusCode());
        }
    }

    @Test
    void reportsAnEnvironmentThatDiesDuringInitAsAnInitError() {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .environment("JAVA_TOOL_OPTIONS", "-XX:+NoSuchOption")
                .build())) {
            var response = TestFunction.get(lambda, "pid");

            assertEquals(500, response.statusCode());
            var record = TestFunction.records(lambda, 1).get(0);
            assertEquals(Outcome.INIT_ERROR, record.outcome(), record.toString());
            assertTrue(record.cause().startsWith("Runtime.ExitError"), record.cause());
            assertTrue(
                    log.stream()
                            .anyMatch(line -> line.startsWith("INIT_REPORT Init Duration: ")
                                    && line.endsWith("Status: error\tError Type: Runtime.ExitError")),
                    log.toString());
            assertTrue(lambda.environments().isEmpty());
        }
    }

    @Test
    void timesOutAnInvocationWhoseInitOutlastsTheInitLimitAndThenItsFunctionTimeout() {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .initTimeout(Duration.ofMillis(20))
                .timeout(Duration.ofMillis(30))
                .build())) {
            var response = TestFunction.get(lambda, "pid");

            assertEquals(500, response.statusCode());
            var record = TestFunction.records(lambda, 1).get(0);
            assertEquals(Outcome.TIMEOUT, record.outcome());
            assertEquals("Sandbox.Timedout: Task timed out after 0.03 seconds", record.cause());
            assertTrue(log.stream().anyMatch(line -> line.endsWith("Phase: init\tStatus: timeout")), log.toString());
            await().atMost(PATIENCE).until(() -> lambda.environments().isEmpty());
        }
    }

    @Test
    void runsAnInitPastTheInitLimitAgainInsideTheFirstInvocation(@TempDir Path dir) throws IOException {
        Path firstInit = dir.resolve("first-init");
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .initTimeout(Duration.ofSeconds(10))
                .timeout(Duration.ofSeconds(60))
                .environment("PROBE_SLOW_FIRST_INIT", firstInit.toString())
                .build())) {
            var response = TestFunction.get(lambda, "pid");

            assertEquals(200, response.statusCode(), response.body());
            long stoppedPid = Long.parseLong(Files.readString(firstInit));
            assertNotEquals(stoppedPid, Long.parseLong(response.body()), "a second process served it");
            assertFalse(ProcessHandle.of(stoppedPid).map(ProcessHandle::isAlive).orElse(false));
            var record = TestFunction.records(lambda, 1).get(0);
            assertTrue(record.cold());
            assertEquals(0, record.initMs(), "the init ran again in the invoke phase: no Init Duration");
            assertTrue(record.latencyMs() >= 10_000, "the first init had its 10 s: " + record);
            assertTrue(
                    log.stream()
                            .anyMatch(line -> line.startsWith("INIT_REPORT Init Duration: 100")
                                    && line.endsWith("Phase: init\tStatus: timeout")),
                    log.toString());
            String report = TestFunction.report(log, record.requestId());
            assertFalse(report.contains("Init Duration"), report);
            assertEquals(1, lambda.environments().size());
        }
    }

    @Test
    void reapsAnIdleEnvironmentAfterLeavingItFrozenForTheAbandonPeriod() {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .idleTimeout(Duration.ofMillis(500))
                .abandonPeriod(Duration.ofSeconds(2))
                .build())) {
            long pid = Long.parseLong(TestFunction.get(lambda, "pid").body());

            await().atMost(PATIENCE)
                    .until(() -> lambda.environments().stream()
                            .anyMatch(e -> e.state().equals("ABANDONED")));
            assertEquals('T', ProcStatus.state(pid));
            long secondPid = Long.parseLong(TestFunction.get(lambda, "pid").body());
            assertTrue(secondPid != pid);

            await().atMost(PATIENCE)
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            assertTrue(lambda.environments().stream().noneMatch(e -> e.pid() == pid));
        }
    }

    @Test
    void leavesNoEnvironmentProcessBehindWhenStopped() {
        List<Long> pids;
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(2).build())) {
            concurrently(lambda, 2, "sleep/1000");
            pids = lambda.environments().stream()
                    .map(LocalLambda.EnvironmentInfo::pid)
                    .toList();
            assertEquals(2, pids.size());
        }

        pids.forEach(pid ->
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid));
    }

    /** After the environment of {@code gonePid} ended its second invocation, a third request gets a new one. */
    private static void assertTheNextRequestStartsANewEnvironment(LocalLambda lambda, long gonePid) {
        long nextPid = Long.parseLong(TestFunction.get(lambda, "pid").body());
        assertTrue(nextPid != gonePid);
        assertTrue(TestFunction.records(lambda, 3).get(2).cold());
    }

    private static int environmentsUsed(List<InvocationRecord> records) {
        return records.stream()
                .map(InvocationRecord::environmentId)
                .collect(toSet())
                .size();
    }

    private List<String> reportLines() {
        return log.stream().filter(line -> line.startsWith("REPORT ")).toList();
    }

    private static List<HttpResponse<String>> concurrently(LocalLambda lambda, int count, String path) {
        var requests = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> TestFunction.get(lambda, path)))
                .toList();
        return requests.stream().map(CompletableFuture::join).toList();
    }
}
