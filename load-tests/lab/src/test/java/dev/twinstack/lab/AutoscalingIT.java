package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.report.Report;
import dev.twinstack.results.Autoscaling;
import dev.twinstack.results.Replica;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The k8s target under the documented scale-out profile ({@code lab.profile=scale-out}): the local overlay's
 * HorizontalPodAutoscaler, fed the replicas' measured CPU, adds a replica under load, which pays its real start before
 * it takes traffic, and removes one through the termination sequence once the load is over. Needs kubectl to render the
 * overlay: part of the full profile.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs kubectl to render the overlay: run with -Pfull")
class AutoscalingIT {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final Path OUT = BUILD.resolve("lab-autoscaling");

    private static TargetResult k8s;
    private static Autoscaling autoscaling;
    private static String page;

    @BeforeAll
    static void runTheScaleOutProfile() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("lab.profile", "scale-out");
        properties.put("lab.targets", "k8s");
        properties.put("lab.hpa", "local");
        properties.put("lab.hpaScaleDownWindow", "");
        properties.put("lab.drill", "none");
        properties.put("lab.scale", "1");
        properties.put("lab.seedUsers", "1000");
        properties.put("lab.out", OUT.toAbsolutePath().toString());
        properties.put("lab.serverDir", BUILD.resolve("server").toAbsolutePath().toString());
        // The scale-out profile saturates a 2-core machine on purpose: the run checks the HPA, not latency.
        properties.put("lab.sloP95", "60s");
        properties.put("lab.sloP99", "60s");
        properties.put("lab.sloErrorPct", "100");
        properties.forEach(System::setProperty);
        Lab lab = new Lab(LabSettings.fromSystem());
        try {
            lab.run();
        } finally {
            lab.closeAll();
        }
        Results results = ResultsJson.read(OUT.resolve("results.json"));
        k8s = results.targets().get(0);
        autoscaling = k8s.extras().autoscaling().orElseThrow();
        page = Files.readString(Report.render(OUT.resolve("results.json"), OUT.resolve("round-trip")));
    }

    @Test
    void startsAtTheOverlaysMinimumAndAddsAReplicaUnderLoad() {
        assertEquals(1, autoscaling.minReplicas());
        assertTrue(
                autoscaling.decisions().stream().anyMatch(d -> d.desired() > d.current()),
                "a scale-out among " + autoscaling.decisions());
        assertTrue(autoscaling.noScaleOut().isEmpty());
    }

    @Test
    void anAddedReplicaPaysItsStartBeforeItTakesTraffic() {
        List<Replica> added = k8s.extras().replicas().orElseThrow().stream()
                .filter(Replica::autoscaled)
                .toList();
        assertTrue(!added.isEmpty(), "replicas " + k8s.extras().replicas());
        for (Replica r : added) {
            assertTrue(r.startedAtLoadSecond() > 0, r.toString());
            // A JVM start, the start-time archive and a passing readiness probe: seconds, not milliseconds.
            assertTrue(r.readyMs() > 1000, r.toString());
            assertTrue(r.inRotationMs().orElseThrow() >= r.readyMs(), r.toString());
        }
        assertTrue(added.stream().anyMatch(r -> r.coldRequestMs().isPresent()), "a cold request: " + added);
    }

    @Test
    void removesAReplicaOnceTheLoadIsOver() {
        assertTrue(
                autoscaling.decisions().stream().anyMatch(d -> d.desired() < d.current()),
                "a scale-in among " + autoscaling.decisions());
        assertTrue(k8s.extras().replicas().orElseThrow().stream()
                .anyMatch(r -> r.stoppedAtLoadSecond().isPresent()));
    }

    @Test
    void showsTheReplicasOverTimeAndTheDecisionsOnThePage() {
        assertTrue(page.contains("Replicas over time (HorizontalPodAutoscaler)"));
        assertTrue(page.contains("scale out from 1 to"));
        assertTrue(page.contains("started under load"));
    }
}
