package dev.twinstack.lab;

import dev.twinstack.loadtest.RunSettings;
import dev.twinstack.report.Report;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Machine;
import dev.twinstack.results.Requests;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.Run;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The load collector as it runs in a cluster (load-tests/kubernetes): waits for {@code LOAD_GENERATORS} generators,
 * merges their request logs, then writes {@code results.json} and the report from the merged log into
 * {@code RESULTS_DIR} and keeps serving them until the pod is deleted. The run's parameters come from the same
 * settings as the generators' ({@code LOAD_PROFILE}, {@code LOAD_SCALE}, the SLOs...: one ConfigMap for both); the
 * target's name from {@code TARGET_NAME}.
 */
final class ClusterCollector {

    /** Time between the last generator's arrival at the barrier and the common start. */
    private static final Duration LEAD = Duration.ofSeconds(3);

    private ClusterCollector() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> env = System.getenv();
        int generators = Integer.parseInt(required(env, "LOAD_GENERATORS"));
        int port = Integer.parseInt(env.getOrDefault("COLLECTOR_PORT", "8080"));
        Path dir = Path.of(env.getOrDefault("RESULTS_DIR", "/results"));
        String target = env.getOrDefault("TARGET_NAME", "deployment");
        RunSettings settings = RunSettings.fromSystem();
        LoadCollector collector = LoadCollector.start(new InetSocketAddress(port), generators, dir, LEAD);
        System.out.printf("[collector] waiting for %d load generators on port %d%n", generators, port);
        collector.whenMerged(log -> {
            try {
                Path results = write(settings, target, generators, collector.startAt(), log, dir);
                System.out.printf("[collector] merged; %s and %s written%n", results, Report.render(results, dir));
            } catch (IOException | RuntimeException e) {
                System.err.println("[collector] could not write the results: " + e);
            }
        });
        // Serves the results until the pod is deleted.
        Thread.currentThread().join();
    }

    /** results.json of a run by several generators, from their merged request log. */
    static Path write(RunSettings settings, String target, int generators, long startAt, Path log, Path dir)
            throws IOException {
        Requests requests = RequestStats.read(log, startAt, request -> ErrorCause.ofStatus(request.status()));
        boolean slosMet = Slos.met(requests, settings.sloErrorPct(), settings.sloP95Ms(), settings.sloP99Ms());
        Run run = new Run(
                Instant.ofEpochMilli(startAt),
                settings.profile().name().toLowerCase(java.util.Locale.ROOT),
                settings.scale(),
                settings.burstGapSeconds(),
                settings.seededUsers(),
                Machine.current(),
                Map.of(
                        "twinstack",
                        Optional.ofNullable(ClusterCollector.class.getPackage().getImplementationVersion())
                                .orElse("dev")),
                0,
                List.of(),
                List.of(("The load came from %d load generators (pods of one Indexed Job), each a slice of the"
                                + " profile's arrivals, started together; their request logs were merged and the SLOs"
                                + " judged on the merged requests. Database connections and the target's own figures"
                                + " are not seen from the load generators (max_connections shows as 0).")
                        .formatted(generators)));
        TargetResult result = new TargetResult(
                target,
                "a deployment under %d load generators at %s".formatted(generators, settings.baseUrl()),
                slosMet,
                Optional.empty(),
                requests,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Extras.NONE,
                // The ledger is reconciled against the database, which the cluster's load generators do not reach.
                Optional.empty(),
                List.of());
        Path file = dir.resolve("results.json");
        ResultsJson.write(new Results(Results.SCHEMA, run, List.of(result), Optional.empty()), file);
        return file;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: how many load generators to wait for");
        }
        return value;
    }
}
