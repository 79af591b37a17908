package dev.twinstack.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.report.Report;
import dev.twinstack.results.Budget;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.EnvironmentResources;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.LambdaRuntime;
import dev.twinstack.results.Latency;
import dev.twinstack.results.Machine;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.Pinning;
import dev.twinstack.results.PoolSample;
import dev.twinstack.results.Replica;
import dev.twinstack.results.Requests;
import dev.twinstack.results.Restore;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.Run;
import dev.twinstack.results.SnapStart;
import dev.twinstack.results.TargetResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of two deployments the lab does not run, collected from stand-ins of CloudWatch, the Kubernetes API and a real
 * PostgreSQL, rendered by the report beside the lab's own Lambda and Kubernetes targets: every row of the summary the
 * lab's target fills is filled for the deployment too, except the few that only a local model has.
 */
class CollectedReportTest {

    private static final String NOT_MEASURED = "not measured in this run";

    /** Rows only the lab can fill, with why. */
    private static final Map<String, String> LAB_ONLY = Map.of(
            "SnapStart version published before the load",
            "the lab publishes its own version; a deployed one was published before the run's window",
            "Runtime (Lambda)",
            "the JDK the lab's environments ran on",
            "PgBouncer pool size",
            "the RDS Proxy stand-in's own setting",
            "Predicted worst case (budget)",
            "the lab's arithmetic on its own configuration (the analysis command bounds a deployment)");

    @TempDir
    Path dir;

    @Test
    void aCollectedDeploymentFillsTheRowsTheLabFillsForItsOwnTargets() throws Exception {
        Instant podStart = Instant.now();
        Collection.Outcome lambda;
        Collection.Outcome cluster;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(Files.createDirectories(Path.of("target", "postgres-report"))
                                .toFile())
                        .start();
                Connection deployments = postgres.getPostgresDatabase().getConnection();
                AwsStandIn aws = new AwsStandIn(n -> "get-query-results-complete.json");
                KubernetesStandIn k8s = new KubernetesStandIn(podStart)) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            lambda = Collection.start(
                            new Collection.Plan(
                                    Optional.of("twinstack-Function"),
                                    Optional.of("twinstack-proxy"),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(url),
                                    Duration.ofMillis(100),
                                    Duration.ZERO,
                                    Duration.ofSeconds(30)),
                            aws.clients(() -> null))
                    .finish();
            cluster = Collection.start(
                            new Collection.Plan(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(KubernetesStandIn.NAMESPACE),
                                    Optional.of(KubernetesStandIn.DEPLOYMENT),
                                    Optional.of(url),
                                    Duration.ofMillis(100),
                                    Duration.ZERO,
                                    Duration.ofSeconds(30)),
                            aws.clients(k8s::client))
                    .finish();
        }
        Results results = new Results(
                Results.SCHEMA,
                new Run(podStart, "smoke", 1, 20, 1000, Machine.current(), Map.of(), 40, List.of(), List.of()),
                List.of(labLambda(), external("aws", lambda), labKubernetes(), external("eks", cluster)),
                Optional.empty());
        Path file = dir.resolve("results.json");
        ResultsJson.write(results, file);
        assertEquals(results, ResultsJson.read(file), "the collected figures go through results.json as they are");

        Report.render(file, dir);
        List<String> markdown = Files.readAllLines(dir.resolve(Report.MARKDOWN));
        // Kept to look at, beside the module's other test output.
        Files.write(Path.of("target", "collected-report.md"), markdown);
        Files.copy(
                dir.resolve(Report.HTML),
                Path.of("target", "collected-report.html"),
                StandardCopyOption.REPLACE_EXISTING);
        Map<String, List<String>> summary = summary(markdown);

        List<String> unfilled = new ArrayList<>();
        summary.forEach((row, cells) -> {
            if (LAB_ONLY.containsKey(row)) {
                return;
            }
            check(row, cells.get(0), cells.get(1), "aws", unfilled);
            check(row, cells.get(2), cells.get(3), "eks", unfilled);
        });
        assertTrue(summary.size() > 30, "the summary's rows: " + summary.keySet());
        assertTrue(unfilled.isEmpty(), "rows the lab fills and the collection does not: " + unfilled);
        assertEquals(
                "5 restores / 2 on-demand inits",
                summary.get("Cold starts on Lambda: SnapStart restores / on-demand inits")
                        .get(1));
        assertEquals("#0 5,200 ms", summary.get("Replicas ready after start").get(3));
        assertTrue(
                summary.get("Where the platform's figures were measured").get(1).contains("CloudWatch Logs Insights"));

        assertEquals(
                "aws: 5 restores / 2 on-demand inits; Restore Duration p50 / p99 480 ms / 656 ms (of 5 restores);"
                        + " Init Duration p50 2,211 ms (of 2 cold starts)",
                Report.coldStarts(results).get(1),
                "the terminal's lines too");

        String html = Files.readString(dir.resolve(Report.HTML));
        String start = "<script type=\"application/json\" id=\"charts\">";
        JsonNode charts = new ObjectMapper()
                .readTree(html.substring(
                        html.indexOf(start) + start.length(), html.indexOf("</script>", html.indexOf(start))));
        JsonNode concurrent =
                charts.path("cloudwatch-metrics-over-time-1").path("series").get(0);
        assertEquals("concurrent executions (maximum)", concurrent.path("name").asText());
        assertEquals(3, concurrent.path("data").size(), "both pages' points");
        assertEquals(
                5, charts.path("cloudwatch-metrics-over-time-1").path("series").size(), "Lambda's and the proxy's");
        assertTrue(charts.path("deployment-replicas-over-time-3")
                        .path("series")
                        .get(0)
                        .path("data")
                        .size()
                >= 2);
        assertTrue(charts.path("cloudwatch-metrics-over-time-0").isMissingNode(), "the lab's own target has none");
    }

    private static void check(String row, String lab, String collected, String target, List<String> unfilled) {
        if (!lab.equals(NOT_MEASURED) && collected.equals(NOT_MEASURED)) {
            unfilled.add(target + ": " + row);
        }
    }

    /** The summary table of report.md: each row's label with its cells, in the targets' order. */
    private static Map<String, List<String>> summary(List<String> markdown) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        int start = markdown.indexOf("## Summary");
        // The heading, a blank line, the table's heading and its rule.
        for (String line : markdown.subList(start + 4, markdown.size())) {
            if (!line.startsWith("| ")) {
                break;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
            rows.put(cells[0], List.of(cells).subList(1, cells.length));
        }
        return rows;
    }

    private static TargetResult external(String name, Collection.Outcome outcome) {
        return new TargetResult(
                name,
                "a deployment at https://example.com",
                true,
                Optional.empty(),
                requests(),
                outcome.peakConnections(),
                Optional.empty(),
                outcome.connections(),
                outcome.extras(),
                Optional.empty(),
                List.of());
    }

    private static TargetResult labLambda() {
        Instant t = Instant.parse("2026-11-23T21:30:00Z");
        List<Invocation> invocations = List.of(
                new Invocation(
                        t,
                        "r1",
                        Optional.of("env-1"),
                        true,
                        0,
                        Optional.of(new Restore(480, 163, 0)),
                        12,
                        700,
                        1,
                        200,
                        InvocationOutcome.SUCCESS,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                new Invocation(
                        t.plusSeconds(1),
                        "r2",
                        Optional.of("env-1"),
                        false,
                        0,
                        Optional.empty(),
                        9,
                        15,
                        1,
                        200,
                        InvocationOutcome.SUCCESS,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        return new TargetResult(
                "lambda",
                "function.zip under the local Lambda service",
                true,
                Optional.empty(),
                requests(),
                Optional.of(2),
                Optional.of(new Budget(4, 40, "min(4, 10) = 4 connections", true)),
                List.of(new ConnectionSample(0.25, 2, 1, 1, 0)),
                new Extras(
                        Optional.of(LambdaExtras.of(
                                invocations,
                                Optional.of(new EnvironmentResources(1024, 0.58, 3, 1.74, 2, true, "cgroup v1", false)),
                                Optional.of(new LambdaRuntime("java25", 25, "/usr/lib/jvm/25", true, "/usr/lib/jvm")),
                                Optional.of(new SnapStart(6, List.of(9000.0), 10000, 20, 1, 0, 0, 0)))),
                        Optional.of(new PgBouncerExtras(
                                4,
                                List.of(new PoolSample(0.25, 1, 0, 1, 1, 0)),
                                Optional.of(new Pinning(3, 0, Map.of())))),
                        Optional.empty()),
                Optional.empty(),
                List.of());
    }

    private static TargetResult labKubernetes() {
        return new TargetResult(
                "k8s",
                "replicas of the server build",
                true,
                Optional.empty(),
                requests(),
                Optional.of(3),
                Optional.empty(),
                List.of(new ConnectionSample(0.25, 3, 1, 2, 0)),
                new Extras(Optional.empty(), Optional.empty(), Optional.of(List.of(new Replica(0, 4686, 0)))),
                Optional.empty(),
                List.of());
    }

    private static Requests requests() {
        Percentiles p = new Percentiles(10, 12, 40, 90, 700);
        return new Requests(
                10,
                0,
                0,
                Map.of(),
                new Latency(p, new Percentiles(1, 700, 700, 700, 700), p),
                List.of(700L),
                List.of(),
                1.0);
    }
}
