package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.report.Report;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import dev.twinstack.toolkit.EffectiveConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The whole lab in its smoke profile, every target (part of the full profile: it needs PgBouncer and psql). The
 * connection shapes are the point: one connection per Lambda environment, the PgBouncer pool through the proxy,
 * replicas × pool on Kubernetes. Its results.json is then read back strictly through the results contract and
 * rendered, and everything the run measured must show on the page.
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
    private static final String NOT_MEASURED = "not measured in this run";
    private static JsonNode results;
    private static Results contract;
    private static String page;

    /** Summary rows that do not apply to a kind of target, so they alone may say "not measured in this run". */
    private static final Map<String, Set<String>> NOT_APPLICABLE = Map.of(
            "lambda",
            Set.of("PgBouncer pool size", "Peak PgBouncer server connections", "Replicas ready after start"),
            "lambda+proxy",
            Set.of("Replicas ready after start"),
            "k8s",
            Set.of(
                    "Init Duration p50 (Lambda REPORT)",
                    "Init Duration p99 (Lambda REPORT)",
                    "Duration p50 / p99 (Lambda REPORT)",
                    "Invocations by outcome (Lambda)",
                    "PgBouncer pool size",
                    "Peak PgBouncer server connections",
                    "Throttled requests (Lambda)",
                    "Peak concurrent environments (Lambda)"));

    /** Chart sections drawn only for some kinds of target; every other section is drawn for every target. */
    private static final Map<String, Set<String>> CHARTED_ONLY_FOR =
            Map.of("pgbouncer-pool-over-time", Set.of("lambda+proxy"));

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
        properties.put("lab.sloP95", "60s");
        properties.put("lab.sloP99", "60s");
        properties.forEach(System::setProperty);
        Lab lab = new Lab(LabSettings.fromSystem());
        try {
            lab.run();
        } finally {
            lab.closeAll();
        }
        results = new ObjectMapper().readTree(OUT.resolve("results.json").toFile());
        contract = ResultsJson.read(OUT.resolve("results.json"));
        page = Files.readString(Report.render(OUT.resolve("results.json"), OUT.resolve("round-trip")));
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
        assertTrue(invocations("lambda").stream().anyMatch(Invocation::cold));
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
        assertTrue(
                !target(contract, "lambda+proxy")
                        .extras()
                        .pgbouncer()
                        .orElseThrow()
                        .samples()
                        .isEmpty(),
                "PgBouncer's pools were sampled");
    }

    @Test
    void boundsKubernetesConnectionsByReplicasTimesPool() {
        JsonNode k8s = target("k8s");
        int predicted = k8s.path("budget").path("predicted").asInt();
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(BUILD.resolve("server")));
        assertEquals(ConnectionBudget.KubernetesInputs.replicas(REPLICAS, pool).connections(), predicted);
        assertTrue(k8s.path("peakConnections").asInt() <= predicted);
        assertTrue(k8s.path("requests").path("requests").asLong() > 0);
    }

    @Test
    void readsBackStrictlyThroughTheContractWhatTheLabWrote() throws IOException {
        Path copy = OUT.resolve("round-trip").resolve("results.json");
        ResultsJson.write(contract, copy);

        assertEquals(Results.SCHEMA, contract.schema());
        assertEquals(
                List.of("lambda", "lambda+proxy", "k8s"),
                contract.targets().stream().map(TargetResult::name).toList());
        assertEquals(contract, ResultsJson.read(copy));
    }

    @Test
    void showsOnThePageEverythingTheRunMeasured() {
        Map<String, List<String>> summary = summaryRows(page);
        List<String> columns =
                contract.targets().stream().map(TargetResult::name).toList();

        summary.forEach((row, cells) -> {
            for (int i = 0; i < columns.size(); i++) {
                String target = columns.get(i);
                boolean absent = cells.get(i).contains(NOT_MEASURED);
                assertEquals(
                        NOT_APPLICABLE.get(target).contains(row),
                        absent,
                        "summary row '" + row + "' for " + target + ": " + cells.get(i));
            }
        });
        assertTrue(
                summary.containsKey("Peak concurrent environments (Lambda)"),
                summary.keySet().toString());
    }

    @Test
    void drawsEveryChartForWhatEachTargetMeasured() {
        List<String> sections = List.of(
                "latency-percentiles-over-time",
                "cold-vs-warm-latency",
                "cold-start-distribution",
                "database-connections-over-time",
                "pgbouncer-pool-over-time",
                "throughput-and-errors-over-time");
        for (String section : sections) {
            for (int i = 0; i < contract.targets().size(); i++) {
                String target = contract.targets().get(i).name();
                boolean expected =
                        CHARTED_ONLY_FOR.getOrDefault(section, Set.of(target)).contains(target);
                assertEquals(expected, page.contains("id=\"" + section + "-" + i + "\""), section + " for " + target);
            }
        }
        assertTrue(page.contains("id=\"cost-chart\""), "the cost projection from the Lambda target's invocations");
    }

    @Test
    void computesPeakConcurrentEnvironmentsFromTheInvocations() {
        for (String name : List.of("lambda", "lambda+proxy")) {
            LambdaExtras lambda = target(contract, name).extras().lambda().orElseThrow();

            assertEquals(Invocation.peakConcurrency(lambda.invocations()), lambda.environmentsPeak(), name);
            assertTrue(
                    lambda.environmentsPeak() >= 1 && lambda.environmentsPeak() <= CONCURRENCY,
                    name + ": " + lambda.environmentsPeak());
            assertTrue(
                    page.contains(
                            lambda.environmentsPeak() == 1
                                    ? "1 environment<"
                                    : lambda.environmentsPeak() + " environments<"),
                    name);
        }
    }

    @Test
    void labelsThrottlesAsThrottlesInTheTableAndTheChart() {
        for (int i = 0; i < contract.targets().size(); i++) {
            TargetResult target = contract.targets().get(i);
            long throttled = target.requests().errorsByCause().getOrDefault(ErrorCause.THROTTLE, 0L);
            long perSecond = target.requests().timeline().stream()
                    .mapToLong(s -> s.errorsByCause().getOrDefault(ErrorCause.THROTTLE, 0))
                    .sum();

            assertEquals(throttled, perSecond, target.name() + ": the timeline's throttles add up to the total");
            if (throttled > 0) {
                assertTrue(page.contains("errors/s: throttle"), target.name());
            }
            if (target.extras().lambda().isPresent()) {
                assertEquals(
                        target.extras().lambda().orElseThrow().throttles(),
                        throttled,
                        target.name() + ": each throttled invocation is a throttled request");
            }
        }
    }

    /** The summary table's rows: label, then one cell per target, as the page shows them. */
    private static Map<String, List<String>> summaryRows(String html) {
        String table = html.substring(html.indexOf("<table class=\"summary\">"), html.indexOf("</table>"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher row =
                Pattern.compile("<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>").matcher(table);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(row.group(2));
            while (cell.find()) {
                cells.add(cell.group(1));
            }
            rows.put(row.group(1), cells);
        }
        return rows;
    }

    private static List<Invocation> invocations(String target) {
        return target(contract, target).extras().lambda().orElseThrow().invocations();
    }

    private static TargetResult target(Results results, String name) {
        return results.targets().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name + " in results.json"));
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
