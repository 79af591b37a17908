package dev.twinstack.lambdalocal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SnapStart through the runtime interface client's own SnapStart path, with the probe function's org.crac hooks:
 * copies initialised and checkpointed when the version is published, restored for invocations.
 */
class SnapStartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration PUBLISH_PATIENCE = Duration.ofMinutes(3);

    private final List<String> log = TestFunction.newLog();

    @Test
    void runsBeforeCheckpointAtPublishAndAfterRestoreAtTheRestore() throws InterruptedException {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).snapStart(true).reservedConcurrency(2).build())) {
            var publication = lambda.publish(2, PUBLISH_PATIENCE);

            assertEquals(2, publication.copies());
            assertTrue(publication.initMs().stream().allMatch(ms -> ms > 0), publication.toString());
            assertEquals(2, count("INIT_REPORT Init Duration: ", "\tPhase: init\tStatus: success"));
            // The function's output reaches the log through a pipe: it may trail the checkpoint a little.
            await().atMost(PATIENCE).until(() -> count("[env-", "probe: beforeCheckpoint") == 2);
            assertEquals(0, count("[env-", "probe: afterRestore"));
            await().atMost(PATIENCE)
                    .until(() -> lambda.environments().stream()
                            .allMatch(e -> e.state().equals("CHECKPOINTED") && ProcStatus.state(e.pid()) == 'T'));

            var response = TestFunction.get(lambda, "hooks");

            assertEquals(200, response.statusCode());
            assertEquals("beforeCheckpoint,afterRestore", response.body(), "the restored copy's hooks, in order");
            await().atMost(PATIENCE).until(() -> count("[env-", "probe: afterRestore") == 1);
            assertTrue(
                    indexOf("probe: afterRestore") > indexOf(" restored (pid "),
                    "afterRestore runs at the restore, not at publish: " + log);
            var record = TestFunction.records(lambda, 1).get(0);
            assertTrue(record.cold());
            assertTrue(record.restored());
            assertEquals(0, record.initMs());
            assertTrue(record.restoreMs() > 0, record.toString());
            assertEquals(0, record.snapshotWaitMs(), "a published copy was ready: " + record);
        }
    }

    @Test
    void writesRestoreDurationAndBilledRestoreDurationInsteadOfInitDuration() throws InterruptedException {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .snapStart(true)
                .reservedConcurrency(1)
                .snapshotLoad(Duration.ofMillis(300))
                .build())) {
            lambda.publish(1, PUBLISH_PATIENCE);

            assertEquals(200, TestFunction.get(lambda, "pid").statusCode());
            assertEquals(200, TestFunction.get(lambda, "pid").statusCode());

            var records = TestFunction.records(lambda, 2);
            var restored = records.get(0);
            var warm = records.get(1);
            assertTrue(restored.restored());
            assertFalse(warm.cold());
            assertTrue(
                    restored.restoreMs() - restored.billedRestoreMs() >= 299,
                    "loading the snapshot counts in Restore Duration, not in its billing: " + restored);
            String first = TestFunction.report(log, restored.requestId());
            String second = TestFunction.report(log, warm.requestId());
            assertTrue(
                    first.matches(".*\\tRestore Duration: \\d+\\.\\d\\d ms\\tBilled Restore Duration: \\d+ ms\\t"),
                    first);
            assertFalse(first.contains("Init Duration"), first);
            assertTrue(first.contains("\tBilled Duration: " + restored.billedDurationMs() + " ms\t"), first);
            long billedBeyondRestore = restored.billedDurationMs() - restored.billedRestoreMs();
            assertTrue(
                    billedBeyondRestore >= Math.floor(restored.durationMs())
                            && billedBeyondRestore <= Math.ceil(restored.durationMs()) + 1,
                    "Billed Duration is Duration rounded up plus Billed Restore Duration: " + restored);
            assertFalse(second.contains("Restore Duration"), second);
        }
    }

    @Test
    void givesTheRuntimeSnapStartsInitializationTypeAndWithholdsTheLogNames() throws InterruptedException {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).snapStart(true).reservedConcurrency(1).build())) {
            lambda.publish(1, PUBLISH_PATIENCE);

            assertEquals(
                    "snap-start",
                    TestFunction.get(lambda, "env/AWS_LAMBDA_INITIALIZATION_TYPE")
                            .body());
            assertEquals(
                    "<unset>",
                    TestFunction.get(lambda, "env/AWS_LAMBDA_LOG_GROUP_NAME").body());
            assertEquals(
                    "<unset>",
                    TestFunction.get(lambda, "env/AWS_LAMBDA_LOG_STREAM_NAME").body());
        }
    }

    @Test
    void replacesARestoredCopyAndReportsWhatThatCost() throws InterruptedException {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).snapStart(true).reservedConcurrency(2).build())) {
            lambda.publish(1, PUBLISH_PATIENCE);
            assertEquals(1, lambda.snapStart().published());

            assertEquals(200, TestFunction.get(lambda, "pid").statusCode());

            await().atMost(PATIENCE).until(() -> lambda.snapStart().copiesDuringRun() == 1);
            var stats = lambda.snapStart();
            assertEquals(1, stats.restores());
            assertEquals(0, stats.restoresThatWaited());
            assertTrue(stats.copiesDuringRunCpuSeconds() > 0, stats.toString());
            assertTrue(stats.publishCpuSeconds() > 0, stats.toString());
            assertEquals(
                    1,
                    lambda.environments().stream()
                            .filter(e -> e.state().equals("CHECKPOINTED"))
                            .count(),
                    "the pool is full again");
        }
    }

    @Test
    void replacesNoRestoredCopyWhenToldNotTo() throws InterruptedException {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .snapStart(true)
                .replenishCopies(false)
                .reservedConcurrency(2)
                .build())) {
            lambda.publish(2, PUBLISH_PATIENCE);

            assertEquals(200, TestFunction.get(lambda, "pid").statusCode());

            // A replacement would have been started before the restored copy was routed the request.
            var stats = lambda.snapStart();
            assertEquals(1, stats.restores());
            assertEquals(0, stats.copiesDuringRun());
            assertEquals(2, lambda.environments().size(), lambda.environments().toString());
            assertEquals(
                    1,
                    lambda.environments().stream()
                            .filter(e -> e.state().equals("CHECKPOINTED"))
                            .count(),
                    "the other published copy is still ready");
        }
    }

    @Test
    void makesARestoreWaitForACopyWhenNoneIsReady() {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).snapStart(true).reservedConcurrency(1).build())) {
            var response = TestFunction.get(lambda, "hooks");

            assertEquals(200, response.statusCode());
            assertEquals("beforeCheckpoint,afterRestore", response.body());
            var record = TestFunction.records(lambda, 1).get(0);
            assertTrue(record.restored());
            assertTrue(record.snapshotWaitMs() > 0, record.toString());
            assertEquals(1, lambda.snapStart().restoresThatWaited());
        }
    }

    @Test
    void reportsAFailedAfterRestoreHookAsLambdaDoes() throws InterruptedException {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .snapStart(true)
                .reservedConcurrency(1)
                .environment("PROBE_AFTER_RESTORE", "fail")
                .build())) {
            lambda.publish(1, PUBLISH_PATIENCE);

            var result = TestFunction.invoke(lambda, "/pid");

            assertEquals(Outcome.INIT_ERROR, result.outcome());
            assertEquals("SnapStartException", result.errorType());
            assertTrue(result.payloadText().contains("The afterRestore() runtime hook encountered an error"));
            var record = TestFunction.records(lambda, 1).get(0);
            assertTrue(record.cause().startsWith("SnapStartException: Runtime.AfterRestoreError: "), record.cause());
            TestFunction.line(
                    log,
                    line -> line.startsWith("RESTORE_REPORT Restore Duration: ")
                            && line.endsWith("\tStatus: error\tError Type: Runtime.AfterRestoreError"));
            assertEquals(500, TestFunction.get(lambda, "pid").statusCode());
            var next = TestFunction.records(lambda, 2).get(1);
            assertTrue(next.cause().startsWith("SnapStartException: "), "the next restore fails alike: " + next);
        }
    }

    @Test
    void timesOutARestoreWhoseAfterRestoreHooksOutlastTheLimit() throws InterruptedException {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .snapStart(true)
                .reservedConcurrency(1)
                .restoreTimeout(Duration.ofSeconds(2))
                .environment("PROBE_AFTER_RESTORE", "sleep:60000")
                .build())) {
            lambda.publish(1, PUBLISH_PATIENCE);

            var response = TestFunction.get(lambda, "pid");

            assertEquals(500, response.statusCode());
            var record = TestFunction.records(lambda, 1).get(0);
            assertEquals(Outcome.INIT_ERROR, record.outcome());
            assertTrue(record.cause().startsWith("SnapStartTimeoutException: "), record.cause());
            assertTrue(record.latencyMs() >= 2000, record.toString());
            TestFunction.line(
                    log,
                    line -> line.startsWith("RESTORE_REPORT Restore Duration: ") && line.endsWith("\tStatus: timeout"));
        }
    }

    @Test
    void refusesToPublishAFunctionWithoutSnapStart() {
        try (var lambda = LocalLambda.start(TestFunction.config(log).build())) {
            assertThrows(IllegalStateException.class, () -> lambda.publish(1, PUBLISH_PATIENCE));
        }
    }

    private long count(String prefix, String suffix) {
        return log.stream()
                .filter(line -> line.startsWith(prefix) && line.endsWith(suffix))
                .count();
    }

    private int indexOf(String part) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
