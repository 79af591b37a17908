package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    /** About a second of one CPU in a plain shell loop. */
    private static final String BUSY = "i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done";

    @Test
    void countsTheCpuOfAProcessAndItsChildren() throws Exception {
        // A shell with one busy child and one idle: the tree has used CPU time while it still runs.
        Process tree = new ProcessBuilder("/bin/sh", "-c", "sleep 30 & (" + BUSY + ") & wait").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            double seconds = 0;
            while (seconds < 0.5 && System.nanoTime() < deadline) {
                seconds = ProcessCpu.treeSeconds(tree.pid());
                Thread.onSpinWait();
            }

            assertTrue(seconds >= 0.5, "CPU-seconds of the tree: " + seconds);
            assertTrue(seconds < 5, "no more than its wall time: " + seconds);
        } finally {
            tree.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.destroyForcibly().waitFor();
        }
    }

    @Test
    void keepsTheTimeOfReapedChildren() throws Exception {
        // The shell says "reaped" once it has waited for its busy child, then idles.
        Process parent = new ProcessBuilder("/bin/sh", "-c", "(" + BUSY + "); echo reaped; sleep 30").start();
        try (var out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            assertEquals("reaped", out.readLine());

            assertTrue(ProcessCpu.treeSeconds(parent.pid()) >= 0.5, "the exited child's time stays counted");
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void knowsNothingOfAProcessThatIsGone() {
        assertEquals(0, ProcessCpu.treeSeconds(Long.MAX_VALUE));
    }
}
