package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The drill matrix: which faults each target takes, in which order, and how long its load must be held. */
class DrillKindTest {

    private static final List<DrillKind> ALL = DrillKind.parse("all");

    @Test
    void givesTheLambdaTargetsTheDatabaseProxyAndEnvironmentDrills() {
        assertEquals(
                List.of(DrillKind.DB_FAILOVER, DrillKind.PROXY_CRASH, DrillKind.KILL_ENV),
                DrillKind.forTarget(ALL, "lambda"));
        assertEquals(
                List.of(DrillKind.DB_FAILOVER, DrillKind.PROXY_CRASH, DrillKind.KILL_ENV),
                DrillKind.forTarget(ALL, "lambda-ondemand"));
    }

    @Test
    void givesTheDirectLambdaNoProxyCrashForItHasNoProxy() {
        assertEquals(List.of(DrillKind.DB_FAILOVER, DrillKind.KILL_ENV), DrillKind.forTarget(ALL, "lambda-direct"));
    }

    @Test
    void givesKubernetesTheDatabasePodAndRolloutDrills() {
        assertEquals(
                List.of(DrillKind.DB_FAILOVER, DrillKind.KILL_POD, DrillKind.ROLLING_RESTART),
                DrillKind.forTarget(ALL, "k8s"));
    }

    @Test
    void givesADeploymentTheLabDoesNotRunNoDrill() {
        assertEquals(List.of(), DrillKind.forTarget(ALL, "prod=https://api.example.com"));
    }

    @Test
    void runsTheChosenDrillsInTheMatrixOrderWhateverTheOrderAskedFor() {
        assertEquals(
                List.of(DrillKind.DB_FAILOVER, DrillKind.KILL_POD),
                DrillKind.forTarget(DrillKind.parse("kill-pod, db-failover"), "k8s"));
    }

    @Test
    void readsNothingAsNoDrillAndRefusesAnUnknownName() {
        assertEquals(List.of(), DrillKind.parse(""));
        assertEquals(List.of(), DrillKind.parse("none"));
        var e = assertThrows(IllegalArgumentException.class, () -> DrillKind.parse("db-failover,pull-plug"));
        assertTrue(e.getMessage().contains("pull-plug") && e.getMessage().contains("rolling-restart"), e.getMessage());
    }

    @Test
    void holdsTheLoadForTheFirstDelayEveryDrillsPlannedTimeAndATail() {
        assertEquals(0, DrillRunner.holdSeconds(List.of()));
        assertEquals(5 + 25 + 25 + 45 + 10, DrillRunner.holdSeconds(DrillKind.forTarget(ALL, "k8s")));
    }
}
