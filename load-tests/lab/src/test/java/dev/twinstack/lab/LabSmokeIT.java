package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.report.Report;
import dev.twinstack.results.EnvironmentResources;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.Ledger;
import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.Pinning;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.SnapStart;
import dev.twinstack.results.TargetResult;
import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.EffectiveConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The whole lab in its smoke profile, with its default targets (part of the full profile: it needs PgBouncer and
 * psql): {@code lambda} as the template deploys it (SnapStart, through the PgBouncer pool), {@code lambda-ondemand}
 * and {@code k8s}. The point: restores inside the measured window with their Restore Duration, on-demand inits beside
 * them, the PgBouncer pool bounding both Lambda targets' connections, replicas × pool on Kubernetes. Its results.json
 * is then read back strictly through the results contract and rendered, and everything the run measured must show
 * on the page, with the cold p50 ratio and the caveats naming what the model cannot show.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs PgBouncer and psql: run with -Pfull")
class LabSmokeIT {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final Path OUT = BUILD.resolve("lab-smoke");
    private static final Path TEMPLATE = BUILD.toAbsolutePath()
            .getParent()
            .getParent()
            .getParent()
            .resolve("deploy-lambda")
            .resolve("template.yaml");
    private static final int CONCURRENCY = 3;
    private static final int PROXY_POOL = 2;
    private static final int REPLICAS = 2;
    private static final String NOT_MEASURED = "not measured in this run";
    /** What the page says of a Lambda figure of which a Lambda target had no instance. */
    private static final String NONE = "none in this run";

    private static JsonNode results;
    private static Results contract;
    private static String page;

    /**
     * Summary rows that do not apply to a kind of target, so they alone may say "not measured in this run" (or "none in
     * this run" for a Lambda figure of which the target had no instance).
     */
    private static final String INIT_P50 = "Init Duration p50 (Lambda REPORT)";

    private static final String INIT_P99 = "Init Duration p99 (Lambda REPORT)";
    private static final String RESTORE = "Restore Duration p50 / p99 (Lambda REPORT)";
    private static final String BILLED_RESTORE = "Billed Restore Duration p50 / p99 (Lambda REPORT)";
    private static final String PUBLISHED = "SnapStart version published before the load";
    private static final String HPA = "Autoscaling (HorizontalPodAutoscaler)";
    private static final String WHY_NO_REPLICA = "Why no replica was added (HPA)";

    private static final Map<String, Set<String>> NOT_APPLICABLE = Map.of(
            "lambda",
            // Every cold start of a SnapStart function is a restore: its REPORT has no Init Duration.
            Set.of("Replicas ready after start", HPA, WHY_NO_REPLICA, INIT_P50, INIT_P99),
            "lambda-ondemand",
            Set.of("Replicas ready after start", HPA, WHY_NO_REPLICA, RESTORE, BILLED_RESTORE, PUBLISHED),
            "k8s",
            Set.of(
                    "Cold starts on Lambda: SnapStart restores / on-demand inits",
                    RESTORE,
                    BILLED_RESTORE,
                    INIT_P50,
                    INIT_P99,
                    "Duration p50 / p99 (Lambda REPORT)",
                    "Invocations by outcome (Lambda)",
                    PUBLISHED,
                    "CPU and memory per environment (Lambda)",
                    "Runtime (Lambda)",
                    "PgBouncer pool size",
                    "Peak PgBouncer server connections",
                    "Sessions that would pin (RDS Proxy rules)",
                    "Throttled requests (Lambda)",
                    "Peak concurrent environments (Lambda)"));

    /** Chart sections drawn only for some kinds of target; every other section is drawn for every target. */
    private static final Map<String, Set<String>> CHARTED_ONLY_FOR = Map.of(
            "pgbouncer-pool-over-time",
            Set.of("lambda", "lambda-ondemand"),
            "replicas-over-time-horizontalpodautoscaler",
            Set.of("k8s"));

    @BeforeAll
    static void runTheLab() throws Exception {
        if (PgBouncer.executable().isEmpty()) {
            throw new IllegalStateException(
                    "the full profile needs pgbouncer and psql on PATH (apt-get install pgbouncer postgresql-client)");
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                "lab.profile", "smoke",
                "lab.targets", "lambda,lambda-ondemand,k8s",
                "lab.lambdaConcurrency", Integer.toString(CONCURRENCY),
                "lab.proxyPool", Integer.toString(PROXY_POOL),
                "lab.replicas", Integer.toString(REPLICAS),
                "lab.seedUsers", "1000",
                "lab.out", OUT.toAbsolutePath().toString(),
                "lab.serverDir", BUILD.resolve("server").toAbsolutePath().toString(),
                "lab.functionDir", BUILD.resolve("function").toAbsolutePath().toString(),
                "lab.template", TEMPLATE.toString()));
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
    void publishesTheVersionBeforeTheLoadAndRestoresInsideTheMeasuredWindow() {
        LambdaExtras lambda = target(contract, "lambda").extras().lambda().orElseThrow();
        SnapStart snapStart = lambda.snapStart().orElseThrow();
        List<Invocation> cold =
                lambda.invocations().stream().filter(Invocation::cold).toList();

        assertEquals(2 * CONCURRENCY, snapStart.copies(), "twice the reserved concurrency, by default");
        assertEquals(2 * CONCURRENCY, snapStart.initMs().size());
        // No copy replaces a restored one during the load: the only copies initialised then are those a restore
        // waited for, because the published ones were used up.
        assertEquals(snapStart.restoresThatWaited(), snapStart.copiesDuringRun(), snapStart.toString());
        // Every invocation comes from the load: a restored one is a restore inside the measured window.
        assertTrue(!cold.isEmpty() && cold.stream().allMatch(Invocation::restored), cold.toString());
        assertTrue(cold.stream().allMatch(i -> i.initMs() == 0), "no Init Duration on a restored invocation");
        assertTrue(cold.stream().allMatch(i -> i.restore().orElseThrow().restoreMs() > 0), cold.toString());
        assertEquals(cold.size(), snapStart.restores());
        assertTrue(target("lambda")
                        .path("requests")
                        .path("latencyMs")
                        .path("cold")
                        .path("count")
                        .asLong()
                >= 1);
    }

    @Test
    void startsTheOnDemandVariantWithoutSnapStart() {
        LambdaExtras onDemand =
                target(contract, "lambda-ondemand").extras().lambda().orElseThrow();

        assertTrue(onDemand.snapStart().isEmpty());
        assertTrue(onDemand.invocations().stream().anyMatch(Invocation::cold));
        assertTrue(onDemand.invocations().stream().noneMatch(Invocation::restored));
    }

    @Test
    void recordsEachEnvironmentsShareOfTheTemplatesMemoryAndTheRuntime() {
        var function = DeployFiles.lambdaFunction(CloudFormationTemplate.read(TEMPLATE));
        for (String name : List.of("lambda", "lambda-ondemand")) {
            LambdaExtras lambda = target(contract, name).extras().lambda().orElseThrow();
            EnvironmentResources resources = lambda.resources().orElseThrow();

            assertEquals(function.memoryMb(), resources.memoryMb(), name);
            assertEquals(function.memoryMb() / 1769.0, resources.vcpusPerEnvironment(), 1e-9, name);
            assertEquals(CONCURRENCY, resources.reservedConcurrency(), name);
            assertEquals(function.runtime(), lambda.runtime().orElseThrow().runtime(), name);
            if (!resources.enforced()) {
                assertTrue(
                        contract.run().caveats().stream().anyMatch(c -> c.contains("without their CPU share")),
                        "the run says the environments ran unlimited");
            }
        }
    }

    @Test
    void boundsServerConnectionsByThePgBouncerPool() {
        for (String name : List.of("lambda", "lambda-ondemand")) {
            JsonNode proxy = target(name);
            assertTrue(
                    proxy.path("peakConnections").asInt() <= PROXY_POOL, name + ": " + proxy.path("peakConnections"));
            assertTrue(
                    !target(contract, name)
                            .extras()
                            .pgbouncer()
                            .orElseThrow()
                            .samples()
                            .isEmpty(),
                    name + ": PgBouncer's pools were sampled");
        }
    }

    @Test
    void findsNoSessionOfTheFunctionThatWouldPinRdsProxy() {
        for (String name : List.of("lambda", "lambda-ondemand")) {
            Pinning pinning = target(contract, name)
                    .extras()
                    .pgbouncer()
                    .orElseThrow()
                    .pinning()
                    .orElseThrow();
            assertTrue(pinning.sessions() > 0, name + ": the tap saw the function's sessions");
            assertEquals(0, pinning.wouldPin(), name + ": sessions that would pin, by reason " + pinning.byReason());
        }
    }

    @Test
    void showsRestoreDurationAndTheColdP50RatioOnThePage() {
        List<String> restore = summaryRows(page).get(RESTORE);
        double ratio = target(contract, "lambda").requests().latencyMs().cold().p50()
                / target(contract, "lambda-ondemand")
                        .requests()
                        .latencyMs()
                        .cold()
                        .p50();

        assertTrue(restore.get(0).matches("[\\d,.]+ ms / [\\d,.]+ ms \\(of \\d+ restores?\\)"), restore.get(0));
        assertTrue(page.contains("<ul id=\"cold-start-ratio\">"), "the ratio's section");
        assertTrue(
                page.contains(String.format(Locale.US, "in the same run: a ratio of %.2f.", ratio)),
                "the ratio of lambda's cold p50 to lambda-ondemand's, " + ratio);
    }

    @Test
    void runsEachTargetWithTheAuthItsDeployFilesConfigure() {
        var caveats = contract.run().caveats();

        for (var expected : Map.of("lambda", "gateway", "lambda-ondemand", "gateway", "k8s", "jwt")
                .entrySet()) {
            assertTrue(
                    caveats.stream()
                            .anyMatch(c ->
                                    c.startsWith(expected.getKey() + " ran with auth " + expected.getValue() + " ")),
                    expected + " in " + caveats);
        }
        for (TargetResult target : contract.targets()) {
            // A token the target refused would be a client error: every flow's user was served with its own token.
            assertEquals(
                    0L,
                    target.requests().errorsByCause().getOrDefault(ErrorCause.CLIENT_ERROR, 0L),
                    target.name() + " refused requests");
            assertTrue(target.requests().requests() > 0, target.name());
        }
    }

    @Test
    void namesInTheCaveatsWhatTheModelCannotShow() {
        String caveats = String.join("\n", contract.run().caveats());

        assertTrue(caveats.contains("loading the snapshot"), "the snapshot load AWS does");
        assertTrue(caveats.contains("one snapshot"), "the shared state of copies from one snapshot");
        assertTrue(caveats.contains("share this machine's cores"), "the shared cores");
        for (String caveat : contract.run().caveats()) {
            assertTrue(page.contains(caveat.replace("'", "&#39;")), "on the page: " + caveat);
        }
    }

    @Test
    void boundsKubernetesConnectionsByTheHpasMaximumTimesPool() {
        JsonNode k8s = target("k8s");
        int predicted = k8s.path("budget").path("predicted").asInt();
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(BUILD.resolve("server")));
        int maxReplicas =
                k8s.path("extras").path("autoscaling").path("maxReplicas").asInt();
        assertEquals(3, maxReplicas, "the local overlay's maxReplicas");
        assertEquals(
                ConnectionBudget.KubernetesInputs.replicas(maxReplicas, pool).connections(), predicted);
        assertTrue(k8s.path("peakConnections").asInt() <= predicted);
        assertTrue(k8s.path("requests").path("requests").asLong() > 0);
    }

    @Test
    void followsTheLocalOverlaysHpaAndSaysWhyNoReplicaWasAdded() {
        JsonNode autoscaling = target("k8s").path("extras").path("autoscaling");
        assertEquals(
                "overlays/local rendered with kubectl kustomize",
                autoscaling.path("hpa").asText());
        assertTrue(autoscaling.path("timeline").size() > 0);
        // The smoke load lasts about as long as one sync period, so whether a sync fell inside it depends on the
        // phase of the HPA's clock (AutoscalingIT loads the pods through several): the reason must fit either case.
        String reason = autoscaling.path("noScaleOut").asText();
        if (autoscaling.path("decisions").isEmpty()) {
            assertTrue(reason.contains("made no sync while the target ran"), autoscaling.toString());
        } else {
            assertTrue(reason.contains("of their CPU request"), autoscaling.toString());
        }
        assertTrue(page.contains("Why no replica was added"));
        target("k8s")
                .path("extras")
                .path("replicas")
                .forEach(r -> assertEquals("PREWARMED", r.path("origin").asText()));
    }

    @Test
    void readsBackStrictlyThroughTheContractWhatTheLabWrote() throws IOException {
        Path copy = OUT.resolve("round-trip").resolve("results.json");
        ResultsJson.write(contract, copy);

        assertEquals(Results.SCHEMA, contract.schema());
        assertEquals(
                List.of("lambda", "lambda-ondemand", "k8s"),
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
                boolean absent =
                        cells.get(i).contains(NOT_MEASURED) || cells.get(i).contains(NONE);
                boolean expectedAbsent = NOT_APPLICABLE.get(target).contains(row)
                        // An on-demand init past Lambda's 10 s limit runs again inside the invocation, whose REPORT
                        // then has no Init Duration: only an init that finished in time reports one.
                        || (Set.of(INIT_P50, INIT_P99).contains(row)
                                && invocations(target).stream().noneMatch(inv -> inv.cold() && inv.initMs() > 0));
                assertEquals(expectedAbsent, absent, "summary row '" + row + "' for " + target + ": " + cells.get(i));
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
        for (String name : List.of("lambda", "lambda-ondemand")) {
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

    @Test
    void reconcilesEachTargetsLedgerCleanAndShowsItOnThePage() {
        Map<String, List<String>> summary = summaryRows(page);
        // A target that acknowledged nothing (all its flows refused on a busy machine) still has a verdict: empty.
        assertTrue(
                contract.targets().stream()
                                .mapToLong(t ->
                                        t.ledger().map(Ledger::acknowledged).orElse(0L))
                                .sum()
                        > 0,
                "the run acknowledged writes to reconcile");
        for (int i = 0; i < contract.targets().size(); i++) {
            TargetResult target = contract.targets().get(i);
            Ledger ledger = target.ledger()
                    .orElseThrow(() -> new AssertionError(target.name() + ": no ledger verdict in results.json"));

            assertEquals(ledger.writes(), ledger.acknowledged() + ledger.ambiguous() + ledger.refused(), target.name());
            assertEquals(List.of(), ledger.lost(), target.name() + ": acknowledged writes lost");
            assertEquals(List.of(), ledger.duplicated(), target.name() + ": writes stored twice");
            assertEquals(0, ledger.leakedBodies(), target.name() + ": " + ledger.leaks());
            assertTrue(
                    summary.get("Ledger: lost / duplicated / unresolved writes")
                            .get(i)
                            .startsWith("0 / 0 / "),
                    target.name() + ": " + summary.get("Ledger: lost / duplicated / unresolved writes"));
        }
    }

    @Test
    void readsBackTheLedgerTheScenarioWroteLineForLineAndItAgreesWithTheRequestLog() throws IOException {
        for (TargetResult target : contract.targets()) {
            Path file = OUT.resolve(target.name()).resolve("ledger.jsonl");
            List<String> lines = Files.readAllLines(file);
            List<LedgerRecord> writes = ResultsJson.readLedger(file);
            List<RequestRecord> placed =
                    ResultsJson.readRequestLog(OUT.resolve(target.name()).resolve("requests.jsonl")).stream()
                            .filter(r -> r.request().equals("place order"))
                            .toList();

            assertEquals(lines, writes.stream().map(ResultsJson::line).toList(), target.name());
            assertEquals(target.ledger().orElseThrow().writes(), writes.size(), target.name());
            assertEquals(
                    placed.size(),
                    writes.stream().mapToInt(LedgerRecord::attempts).sum(),
                    target.name() + ": every attempt is a request of the log");
            assertEquals(
                    placed.stream()
                            .filter(r -> r.status() == 200 || r.status() == 201)
                            .count(),
                    writes.stream()
                            .filter(w -> w.outcome() == LedgerRecord.Outcome.ACKNOWLEDGED)
                            .count(),
                    target.name() + ": each acknowledged write was answered once with its order");
            assertTrue(writes.stream().allMatch(w -> w.attempts() <= 3), target.name() + ": at most 3 attempts");
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
        return target(contract, target)
                .extras()
                .lambda()
                .map(LambdaExtras::invocations)
                .orElse(List.of());
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
