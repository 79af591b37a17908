package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.testing.TestDatabase;
import dev.twinstack.toolkit.Launch;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The packaged server ({@code target/quarkus-app/}) run as Kubernetes runs it: {@code java -jar quarkus-run.jar} in
 * its own process, configured through the environment, stopped with SIGTERM. Its output goes to a log file in the
 * build directory.
 */
final class PackagedServer implements AutoCloseable {

    static final Path APP = Path.of(System.getProperty("twinstack-build-dir", "target"), "quarkus-app");
    private static final Duration START_BUDGET = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LaunchedProcess process;
    private final int port;
    private final int managementPort;

    private PackagedServer(LaunchedProcess process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Runs the migrate mode (what the migration Job runs) and waits for it to finish. */
    static void migrate(TestDatabase db) {
        Path log = logFile("migrate");
        try {
            LaunchedProcess migrate = launch(List.of("-Dquarkus.profile=migrate"), database(db), log)
                    .start();
            int exitCode = migrate.awaitExit(START_BUDGET);
            assertEquals(0, exitCode, () -> "migrate mode failed; see " + log);
            applyContractSteps(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The contract steps waiting for the next release (app's db/contract), as app's tests apply them: the caller-owned
     * data specs check the behaviour they complete (docs/security.md). Migrate mode applies this release's migrations
     * only, as a deployment does.
     */
    private static void applyContractSteps(TestDatabase db) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration", "classpath:db/contract")
                .placeholders(Map.of("seed_users", "0"))
                .load()
                .migrate();
    }

    /**
     * Starts the server on free ports (the API's and the management interface's) and waits until it is ready.
     * {@code env} adds or overrides settings.
     */
    static PackagedServer start(TestDatabase db, Map<String, String> env) {
        int port = ProcessLauncher.freePort();
        int managementPort = ProcessLauncher.freePort();
        Map<String, String> settings = database(db);
        settings.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        settings.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        settings.putAll(env);
        try {
            PackagedServer server = new PackagedServer(
                    launch(List.of(), settings, logFile("server-" + port)).start(), port, managementPort);
            server.process.awaitReady(Readiness.httpOk(server.managementUri("/q/health/ready")), START_BUDGET);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** On the API's port. */
    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** On the management interface's port: health, metrics, OpenAPI. */
    URI managementUri(String path) {
        return URI.create("http://localhost:" + managementPort + path);
    }

    LaunchedProcess process() {
        return process;
    }

    Path log() {
        return process.log().orElseThrow();
    }

    /** What the kubelet sends when the pod is deleted. */
    void sigterm() {
        process.signal(ProcessLauncher.Signal.TERM);
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }

    private static Launch launch(List<String> jvmOptions, Map<String, String> env, Path log) {
        List<String> arguments = new ArrayList<>();
        // The start-time archive written by the build, as the image's entry point uses it (the JDK 25 AOT cache
        // where the build wrote one).
        arguments.add(
                Files.exists(APP.resolve("app.aot")) ? "-XX:AOTCache=app.aot" : "-XX:SharedArchiveFile=app-cds.jsa");
        arguments.addAll(jvmOptions);
        arguments.add("-jar");
        arguments.add("quarkus-run.jar");
        return ProcessLauncher.shared()
                .java(arguments)
                .directory(APP)
                .environment(env)
                .logTo(log);
    }

    private static Map<String, String> database(TestDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        // No collector runs beside the tests; exporting would only retry into the void.
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        return env;
    }

    private static Path logFile(String name) {
        return Path.of(System.getProperty("twinstack-build-dir", "target"), "server-logs")
                .resolve(name + "-" + System.currentTimeMillis() + ".log");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
