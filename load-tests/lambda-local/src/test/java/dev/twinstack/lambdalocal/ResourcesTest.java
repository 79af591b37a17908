package dev.twinstack.lambdalocal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.Cgroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Each environment gets the CPU share and the memory limit of its memory size, enforced with control groups where the
 * machine allows it; where it does not, the service says so instead of pretending.
 */
class ResourcesTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** Long enough to find a window in which the group was held at its quota, however loaded the machine is. */
    private static final int SPIN_MS = 90_000;

    private final List<String> log = TestFunction.newLog();

    @Test
    void holdsABusyEnvironmentsWholeProcessTreeToTheCpuShareOfItsMemorySize() {
        try (var lambda = LocalLambda.start(TestFunction.config(log)
                .memoryMb(512)
                .timeout(Duration.ofMinutes(3))
                .integrationTimeout(Duration.ofMinutes(3))
                .build())) {
            var layout = lambda.resources();
            if (!layout.enforced()) {
                assertFallbackReported(layout);
                return;
            }
            assertEquals(512 / 1769.0, layout.vcpusPerEnvironment(), 1e-9);
            var spinning = CompletableFuture.supplyAsync(() -> TestFunction.get(lambda, "spin/" + SPIN_MS));
            await().atMost(PATIENCE)
                    .until(() -> lambda.environments().stream()
                            .anyMatch(e -> e.state().equals("BUSY") && e.periods() > 0));

            // Samples of the group's accounting; a window in which it was throttled in most periods is one in which
            // it wanted more than its share and the machine could give it that share.
            var samples = new ArrayList<LocalLambda.EnvironmentInfo>();
            var times = new ArrayList<Long>();
            double[] heldRate = {-1};
            await().atMost(Duration.ofMillis(SPIN_MS - 5_000))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        var now = lambda.environments().get(0);
                        samples.add(now);
                        times.add(System.nanoTime());
                        for (int i = 0; i < samples.size() - 1; i++) {
                            double seconds = (times.get(times.size() - 1) - times.get(i)) / 1e9;
                            if (seconds < 3) {
                                break;
                            }
                            var from = samples.get(i);
                            double rate = (now.cpuSeconds() - from.cpuSeconds()) / seconds;
                            assertTrue(rate <= 0.35, "over " + seconds + " s the tree used " + rate + " CPU/s");
                            long periods = now.periods() - from.periods();
                            long throttled = now.throttledPeriods() - from.throttledPeriods();
                            if (periods > 0 && throttled >= 0.8 * periods) {
                                heldRate[0] = rate;
                                return true;
                            }
                        }
                        return false;
                    });
            System.out.printf("held at its quota, the tree used %.3f CPU-seconds per second%n", heldRate[0]);
            assertTrue(
                    heldRate[0] >= 0.2 && heldRate[0] <= 0.35,
                    "held at its quota, the tree used " + heldRate[0] + " CPU-seconds per second");
            assertFalse(spinning.isDone(), "still spinning: the window was inside the invocation");
        }
    }

    @Test
    void reportsAnEnvironmentKilledAtItsMemoryLimitAsLambdaDoes() {
        try (var lambda =
                LocalLambda.start(TestFunction.config(log).memoryMb(256).build())) {
            if (!lambda.resources().enforced()) {
                assertFallbackReported(lambda.resources());
                return;
            }

            var response = TestFunction.get(lambda, "allocate/512");

            assertEquals(500, response.statusCode());
            var record = TestFunction.records(lambda, 1).get(0);
            assertEquals(Outcome.FUNCTION_ERROR, record.outcome());
            assertEquals(
                    "Runtime.ExitError: Runtime exited with error: signal: killed (killed at the 256 MB memory limit)",
                    record.cause());
            String report = TestFunction.report(log, record.requestId());
            assertTrue(report.contains("\tMax Memory Used: 256 MB\t"), report);
        }
    }

    @Test
    void runsUnlimitedAndSaysSoWhereNoControlGroupCanBeCreated() {
        var none = new Cgroups.Availability(Optional.empty(), "no writable control groups: not on this machine");
        try (var lambda =
                LocalLambda.start(TestFunction.config(log).memoryMb(512).build(), none)) {
            var layout = lambda.resources();

            assertFalse(layout.enforced());
            assertEquals("no writable control groups: not on this machine", layout.mechanism());
            assertTrue(
                    log.contains("lambda-local: environments run unlimited, not at Lambda's 0.29 vCPU and 512 MB: "
                            + "no writable control groups: not on this machine"),
                    log.toString());
            assertEquals(200, TestFunction.get(lambda, "pid").statusCode());
            String report = TestFunction.report(
                    log, TestFunction.records(lambda, 1).get(0).requestId());
            assertFalse(
                    report.contains("Max Memory Used: 0 MB"), "Max Memory Used comes from the process then: " + report);
        }
    }

    @Test
    void saysWhenTheSharesAddUpToMoreCpuThanTheMachineHas() {
        var four = ResourceLayout.of(true, "cgroup v1", 1024, 4, 2);
        var two = ResourceLayout.of(true, "cgroup v1", 1024, 2, 2);

        assertEquals(2.32, four.vcpusAtConcurrency(), 0.01);
        assertTrue(four.oversubscribed());
        assertTrue(
                four.describe()
                        .contains("4 environments at 0.58 vCPU add up to 2.32 vCPU, more than this"
                                + " machine's 2 CPUs"),
                four.describe());
        assertFalse(two.oversubscribed());
        assertFalse(two.describe().contains("more than"), two.describe());
    }

    private void assertFallbackReported(ResourceLayout layout) {
        assertFalse(layout.enforced());
        assertFalse(layout.mechanism().isBlank());
        assertTrue(
                log.stream().anyMatch(line -> line.startsWith("lambda-local: environments run unlimited")),
                "the fallback is reported: " + log);
    }
}
