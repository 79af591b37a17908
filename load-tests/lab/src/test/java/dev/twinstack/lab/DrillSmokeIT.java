package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Drill;
import dev.twinstack.results.DrillVerdict;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One drill in its smoke form (part of the full profile, beside the lab's own smoke run): PostgreSQL stopped for 10 s
 * under the smoke profile's load on the Kubernetes target. The fault must be observed in the database's state, the
 * replicas' own 503 with Retry-After must show in its window, their readiness must follow the database, and a
 * request must succeed after it; results.json carries it, and the page shows it.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "runs the lab with PostgreSQL and the server build: run with -Pfull")
class DrillSmokeIT {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final Path OUT = BUILD.resolve("drill-smoke");
    private static final Path DEPLOYMENT = BUILD.toAbsolutePath()
            .getParent()
            .getParent()
            .getParent()
            .resolve("deploy-k8s/kustomize/base/deployment.yaml");

    private static Drill failover;
    private static String page;

    @BeforeAll
    static void runTheDrill() throws Exception {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                "lab.profile", "smoke",
                "lab.targets", "k8s",
                "lab.drill", "db-failover",
                "lab.seedUsers", "1000",
                "lab.sloP95", "60s",
                "lab.sloP99", "60s",
                "lab.out", OUT.toAbsolutePath().toString(),
                "lab.serverDir", BUILD.resolve("server").toAbsolutePath().toString(),
                "lab.deployment", DEPLOYMENT.toString()));
        Lab lab = new Lab(LabOptions.parse(new PrintWriter(new StringWriter()), properties)
                .orElseThrow());
        try {
            lab.run();
        } finally {
            lab.closeAll();
        }
        Results results = ResultsJson.read(OUT.resolve("results.json"));
        assertEquals(1, results.targets().size());
        failover = results.targets().get(0).drills().get(0);
        page = Files.readString(OUT.resolve("report.html"));
    }

    @Test
    void observesTheDatabaseGoneAndBackAndTheTargetRecovered() {
        assertEquals("db-failover", failover.name());
        assertEquals(DrillVerdict.RECOVERED, failover.verdict());
        assertTrue(failover.observed().stream().anyMatch(o -> o.contains("refuses connections")), failover::toString);
        assertTrue(
                failover.observed().stream().anyMatch(o -> o.contains("answers SELECT 1 again")), failover::toString);
        assertTrue(failover.recoveryMs().isPresent());
        assertTrue(failover.endS() - failover.startS() >= DrillKind.OUTAGE_SECONDS, failover::toString);
    }

    @Test
    void seesTheServicesOwn503WithRetryAfterWhileTheDatabaseIsAway() {
        assertTrue(
                failover.errorsByStatus().stream().anyMatch(s -> s.status() == 503 && s.retryAfter()),
                failover::toString);
    }

    @Test
    void showsTheReplicasReadinessFollowingTheDatabase() {
        assertTrue(failover.observed().stream().anyMatch(o -> o.contains("unready")), failover::toString);
        assertTrue(
                failover.observed().stream().anyMatch(o -> o.contains("ready (readiness probe passed)")),
                failover::toString);
    }

    @Test
    void drawsTheDrillOnThePage() {
        assertTrue(page.contains("<section id=\"drills\">"));
        assertTrue(page.contains("drills-k8s"));
    }
}
