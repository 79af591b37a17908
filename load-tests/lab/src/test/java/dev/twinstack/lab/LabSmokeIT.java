package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The whole lab in its smoke profile, every target (part of the full profile: it needs PgBouncer and psql). The
 * connection shapes are the point: one connection per Lambda environment, the PgBouncer pool through the proxy,
 * replicas × pool on Kubernetes.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs PgBouncer and psql: run with -Pfull")
class LabSmokeIT {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final Path OUT = BUILD.resolve("lab-smoke");
    private static final int CONCURRENCY = 3;
    private static final int PROXY_POOL = 2;
    private static final int REPLICAS = 2;
    private static JsonNode results;

    @BeforeAll
    static void runTheLab() throws Exception {
        if (PgBouncer.executable().isEmpty()) {
            throw new IllegalStateException(
                    "the full profile needs pgbouncer and psql on PATH (apt-get install pgbouncer postgresql-client)");
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                "lab.profile", "smoke",
                "lab.targets", "lambda,lambda+proxy,k8s",
                "lab.lambdaConcurrency", Integer.toString(CONCURRENCY),
                "lab.proxyPool", Integer.toString(PROXY_POOL),
                "lab.replicas", Integer.toString(REPLICAS),
                "lab.seedUsers", "1000",
                "lab.out", OUT.toAbsolutePath().toString(),
                "lab.serverDir", BUILD.resolve("server").toAbsolutePath().toString(),
                "lab.functionDir", BUILD.resolve("function").toAbsolutePath().toString()));
        // Local cold starts on shared cores are slow: the smoke run checks shapes, not speed.
        properties.put("lab.sloP95Ms", "60000");
        properties.put("lab.sloP99Ms", "60000");
        properties.forEach(System::setProperty);
        Lab lab = new Lab(LabSettings.fromSystem());
        try {
            lab.run();
        } finally {
            lab.closeAll();
        }
        results = new ObjectMapper().readTree(OUT.resolve("results.json").toFile());
    }

    @Test
    void writesResultsAndTheReport() {
        assertTrue(Files.exists(OUT.resolve("report.html")));
        assertEquals(3, results.path("targets").size());
        assertTrue(results.path("run").path("caveats").size() >= 3);
    }

    @Test
    void showsColdStartsAndAtMostOneConnectionPerLambdaEnvironment() {
        JsonNode lambda = target("lambda");
        assertTrue(lambda.path("requests")
                        .path("latencyMs")
                        .path("cold")
                        .path("count")
                        .asLong()
                >= 1);
        assertTrue(lambda.path("extras").path("coldStarts").asLong() >= 1);
        assertTrue(
                lambda.path("peakConnections").asInt() <= CONCURRENCY,
                lambda.path("peakConnections").toString());
    }

    @Test
    void boundsServerConnectionsByThePgBouncerPool() {
        JsonNode proxy = target("lambda+proxy");
        assertTrue(
                proxy.path("peakConnections").asInt() <= PROXY_POOL,
                proxy.path("peakConnections").toString());
        assertTrue(proxy.path("extras").path("pgbouncer").size() > 0, "PgBouncer's pools were sampled");
    }

    @Test
    void boundsKubernetesConnectionsByReplicasTimesPool() {
        JsonNode k8s = target("k8s");
        int predicted = k8s.path("budget").path("predicted").asInt();
        assertEquals(REPLICAS * (8 + 1), predicted);
        assertTrue(k8s.path("peakConnections").asInt() <= predicted);
        assertTrue(k8s.path("requests").path("requests").asLong() > 0);
    }

    private static JsonNode target(String name) {
        for (JsonNode t : results.path("targets")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no target " + name + " in results.json");
    }
}
