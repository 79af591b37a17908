package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits enforced by the kernel, measured from the group's own accounting. Where this machine offers no writable
 * control groups, the first test asserts that the reason is reported and the enforcement tests are skipped with it;
 * the full profile (CI, on a machine where the lab runs as root) requires them, so they cannot vanish unnoticed.
 */
class CgroupsTest {

    private static final Cgroups.Availability HERE = Cgroups.detect();
    private static final Duration BUSY = Duration.ofSeconds(3);

    @Test
    void saysWhetherLimitsCanBeEnforcedHereAndWhyNot() {
        assertFalse(HERE.description().isBlank());
        assertTrue(
                HERE.available() || HERE.description().startsWith("no "),
                "unavailable must come with its reason: " + HERE.description());
    }

    @Test
    void reportsAMachineWithoutControlGroupsInsteadOfSkippingIt(@TempDir Path root) throws IOException {
        Path self = Files.writeString(root.resolve("self"), "0::/\n");

        Cgroups.Availability none = Cgroups.detect(root, self);

        assertFalse(none.available());
        assertTrue(none.description().contains("no cgroup v2 hierarchy"), none.description());
        assertTrue(none.description().contains("cgroup v1 'cpu' is not mounted"), none.description());
    }

    @Test
    void readsOwnGroupsOfBothVersions() {
        Map<String, String> own =
                Cgroups.ownGroups(List.of("4:memory:/sandbox/a", "2:cpu,cpuacct:/", "0::/user.slice"));

        assertEquals("/sandbox/a", own.get("memory"));
        assertEquals("/", own.get("cpu"));
        assertEquals("/", own.get("cpuacct"));
        assertEquals("/user.slice", own.get(""));
    }

    @Test
    void holdsABusyProcessToItsCpuShare() throws Exception {
        enforceable();
        // Lambda's share of 512 MB: 512 / 1769 of one vCPU.
        double share = 512 / 1769.0;
        try (var group = HERE.cgroups().orElseThrow().create(name("cpu"), new Cgroups.Limits(share, null))) {
            Process busy = new ProcessBuilder(group.wrap(List.of("/bin/sh", "-c", "while :; do :; done"))).start();
            try {
                long start = System.nanoTime();
                busy.waitFor(BUSY.toMillis(), TimeUnit.MILLISECONDS);
                double wall = (System.nanoTime() - start) / 1e9;
                double used = group.cpuSeconds() / wall;

                assertTrue(used > 0.2 && used < 0.35, "CPU-seconds per second: " + used);
                assertTrue(group.throttledPeriods() > 0, "the kernel throttled it at its quota");
            } finally {
                busy.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void countsAKillAtTheMemoryLimitAndThePeak() throws Exception {
        enforceable();
        long limit = 32L << 20;
        try (var group = HERE.cgroups().orElseThrow().create(name("memory"), new Cgroups.Limits(null, limit))) {
            // A shell string growing without end: the kernel kills it at the limit.
            Process hog =
                    new ProcessBuilder(group.wrap(List.of("/bin/sh", "-c", "x=a; while :; do x=$x$x; done"))).start();

            assertTrue(hog.waitFor(30, TimeUnit.SECONDS), "the kernel ends it");
            assertEquals(137, hog.exitValue(), "killed by SIGKILL");
            assertEquals(1, group.oomKills());
            assertTrue(
                    group.memoryPeakBytes() > limit / 2 && group.memoryPeakBytes() <= limit,
                    "peak " + group.memoryPeakBytes());
        }
    }

    @Test
    void putsTheWrappedProcessInTheGroupBeforeItRuns() throws Exception {
        enforceable();
        String name = name("wrap");
        try (var group = HERE.cgroups().orElseThrow().create(name, new Cgroups.Limits(1.0, 64L << 20))) {
            // The command's first act is to read its own groups: it must already be in this one.
            Process cat = new ProcessBuilder(group.wrap(List.of("cat", "/proc/self/cgroup"))).start();
            String groups = new String(cat.getInputStream().readAllBytes());
            cat.waitFor();

            assertEquals(0, cat.exitValue());
            assertTrue(groups.lines().filter(line -> line.endsWith("/" + name)).count() >= 2, groups);
        }
    }

    /** Under -Pfull control groups are required; elsewhere their absence skips the test with the reason. */
    private static void enforceable() {
        if (Boolean.getBoolean("twinstack-full")) {
            assertTrue(
                    HERE.available(),
                    "the full profile needs writable control groups (as root): " + HERE.description());
        }
        assumeTrue(HERE.available(), HERE.description());
    }

    private static String name(String test) {
        return "twinstack-test-" + ProcessHandle.current().pid() + "-" + test;
    }
}
