package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.CpuUse;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of the lab's child processes are the target's, and the CPU they used during a load. */
class CpuMeterTest {

    @Test
    void takesEveryChildButTheDatabaseTheProxyAndTheLoadGeneratorsAsTheTargets() {
        assertTrue(CpuMeter.isTarget("/usr/lib/jvm/java-17/bin/java -XX:+UseSerialGC -jar quarkus-run.jar"));
        assertTrue(CpuMeter.isTarget(
                "/usr/lib/jvm/temurin-25/bin/java -cp . com.amazonaws.services.lambda.runtime.api.client.AWSLambda x"));
        assertFalse(CpuMeter.isTarget("/usr/bin/java -cp a.jar io.gatling.app.Gatling --simulation x"));
        assertFalse(CpuMeter.isTarget("runuser -u postgres -- /usr/sbin/pgbouncer /tmp/pgbouncer.ini"));
        assertFalse(CpuMeter.isTarget("unshare -U /tmp/pg/bin/postgres -D /tmp/data"));
        assertFalse(CpuMeter.isTarget("kill -STOP 4242"));
    }

    @Test
    void countsEachProcessFromItsFirstSampleOrFromItsStartAndKeepsTheLastSampleOfOneThatEnded() {
        // pid 1 ran before the load (2.0 s then) and ended at 3.5 s; pid 2 started during it and reached 0.75 s.
        double seconds = CpuMeter.sinceStart(Map.of(1L, 3.5, 2L, 0.75), Map.of(1L, 2.0));

        assertEquals(1.5 + 0.75, seconds, 1e-9);
    }

    @Test
    void countsOnlyTheProcessesThatWorkedDuringTheLoad() {
        // pid 3 stayed frozen (a SnapStart copy never restored): it used nothing during the load.
        assertEquals(2, CpuMeter.working(Map.of(1L, 3.5, 2L, 0.75, 3L, 4.0), Map.of(1L, 2.0, 3L, 4.0)));
    }

    @Test
    void measuresTheCpuOfAChildThatWorksDuringTheLoad() throws Exception {
        try (CpuMeter meter = new CpuMeter(() -> -1, 50)) {
            LaunchedProcess busy = ProcessLauncher.shared()
                    .command("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
                    .name("busy child")
                    .start();
            assertEquals(0, busy.awaitExit(Duration.ofSeconds(60)));
            meter.stop();

            CpuUse use = meter.use(10);

            assertTrue(use.targetSeconds() > 0.05, use.toString());
            assertEquals(use.targetSeconds() / 10, use.targetSecondsPerRequest(), 1e-12);
        }
    }
}
