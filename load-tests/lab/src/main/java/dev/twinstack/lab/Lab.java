package dev.twinstack.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The comparison lab: one PostgreSQL, then each target in turn under the same scenario and profile, while the
 * database's connections are sampled; then results.json and a summary on the terminal. Every process it starts is
 * stopped on the way out, also on Ctrl-C or failure.
 */
public final class Lab {

    static final List<String> CAVEATS = List.of(
            "All targets share this machine's cores with the load generator and the database: compare shapes and ratios, not absolute figures.",
            "No SnapStart locally: a Lambda cold start here is a JVM cold start (AWS restores from a snapshot instead).",
            "PgBouncer in transaction mode stands in for RDS Proxy: it multiplexes like the proxy but never pins, so the all-pinned bound is not exercised.",
            "Kubernetes replicas are processes behind a per-connection round-robin front: no scheduler, no node limits, no network hops.");

    private final LabSettings settings;
    private final Progress progress = new Progress();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    Lab(LabSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Lab lab = new Lab(LabSettings.fromSystem());
        Runtime.getRuntime().addShutdownHook(new Thread(lab::closeAll, "lab-shutdown"));
        try {
            Path results = lab.run();
            System.out.println("\nResults: " + results);
        } finally {
            lab.closeAll();
        }
    }

    Path run() throws Exception {
        Path out = Files.createDirectories(settings.outputDir());
        String startedAt = Instant.now().toString();
        progress.say("starting PostgreSQL (max_connections=%d) ...".formatted(settings.maxConnections()));
        LabDatabase db =
                track(LabDatabase.start(Files.createDirectories(out.resolve("postgres")), settings.maxConnections()));
        Map<String, String> dbEnv = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", db.username(),
                "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false",
                "QUARKUS_OTEL_SDK_DISABLED", "true");
        migrate(dbEnv, out);

        List<Results.TargetResult> measured = new ArrayList<>();
        for (String name : settings.targets()) {
            Target target = target(name, dbEnv, out);
            progress.say("starting target %s: %s".formatted(target.name(), target.description()));
            try (target) {
                target.start();
                measured.add(measure(target, db, out.resolve(target.name().replace('+', '-'))));
            }
        }

        Results results = new Results(1, runInfo(startedAt, db), measured);
        Path file = out.resolve("results.json");
        results.write(file);
        Summary.print(results, System.out);
        List<String> over = measured.stream()
                .filter(t -> !t.budget().measuredWithin())
                .map(t -> t.name() + " (" + t.peakConnections() + " > "
                        + t.budget().predicted() + ")")
                .toList();
        if (!over.isEmpty()) {
            throw new IllegalStateException("measured connections exceeded the predicted bound: " + over);
        }
        return file;
    }

    private void migrate(Map<String, String> dbEnv, Path out) throws IOException, InterruptedException {
        progress.say("migrating and seeding %d users (migrate mode of the server build) ..."
                .formatted(settings.seedUsers()));
        Map<String, String> env = new LinkedHashMap<>(dbEnv);
        env.put("TWINSTACK_SEED_USERS", Integer.toString(settings.seedUsers()));
        Process migrate = Processes.startJava(
                settings.serverDir(),
                List.of("-Dquarkus.profile=migrate"),
                List.of("-jar", "quarkus-run.jar"),
                env,
                out.resolve("migrate.log"));
        if (!migrate.waitFor(2, TimeUnit.MINUTES) || migrate.exitValue() != 0) {
            throw new IllegalStateException("migrate mode failed, see " + out.resolve("migrate.log"));
        }
    }

    private Target target(String name, Map<String, String> dbEnv, Path out) throws IOException {
        Path logs = Files.createDirectories(out.resolve("logs"));
        return switch (name) {
            case "k8s" ->
                new ServerReplicas(settings.serverDir(), settings.replicas(), settings.maxConnections(), dbEnv, logs);
            default -> throw new IllegalArgumentException("unknown lab target '" + name + "' (known: k8s)");
        };
    }

    private Results.TargetResult measure(Target target, LabDatabase db, Path dir) throws Exception {
        progress.say("load on %s: profile %s, ~%d s"
                .formatted(target.name(), settings.profile(), settings.injectionSeconds()));
        try (ActivitySampler sampler =
                new ActivitySampler(db.adminConnection(), target.applicationName(), settings.sampleMillis())) {
            LoadRun.Outcome outcome = LoadRun.run(settings, target, dir, progress);
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            RequestStats.Summary stats = RequestStats.read(outcome.requestLog(), outcome.startEpochMs());
            var bound = target.predictedConnections();
            int peak = sampler.peak();
            progress.say("%s: %d requests, %d errors, SLOs %s, peak connections %d of %d predicted"
                    .formatted(
                            target.name(),
                            stats.requests(),
                            stats.errors(),
                            outcome.slosMet() ? "met" : "NOT met",
                            peak,
                            bound.connections()));
            return new Results.TargetResult(
                    target.name(),
                    target.description(),
                    outcome.slosMet(),
                    outcome.gatlingReport().map(Path::toString).orElse(null),
                    stats,
                    peak,
                    new Results.Prediction(
                            bound.connections(), bound.limit(), bound.arithmetic(), peak <= bound.connections()),
                    sampler.samples(),
                    target.extras());
        }
    }

    private Results.Run runInfo(String startedAt, LabDatabase db) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("postgresql", db.version());
        versions.put(
                "twinstack",
                Lab.class.getPackage().getImplementationVersion() == null
                        ? "dev"
                        : Lab.class.getPackage().getImplementationVersion());
        return new Results.Run(
                startedAt,
                settings.profile(),
                settings.scale(),
                settings.burstGapSeconds(),
                settings.seedUsers(),
                machine,
                versions,
                settings.maxConnections(),
                CAVEATS);
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.push(resource);
        return resource;
    }

    synchronized void closeAll() {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                System.err.println("[lab] while stopping: " + e);
            }
        }
    }
}
