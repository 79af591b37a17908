package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/quarkus-app/}) run as Kubernetes runs it: {@code java -jar quarkus-run.jar} in
 * its own process, configured through the environment, stopped with SIGTERM. Its output goes to a log file in the
 * build directory.
 */
final class PackagedServer implements AutoCloseable {

    static final Path APP = Path.of(System.getProperty("twinstack-build-dir", "target"), "quarkus-app");
    private static final Duration START_BUDGET = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Runs the migrate mode (what the migration Job runs) and waits for it to finish. */
    static void migrate(TestDatabase db) {
        Path log = logFile("migrate");
        Process process = launch(List.of("-Dquarkus.profile=migrate"), database(db), log);
        try {
            if (!process.waitFor(START_BUDGET.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("migrate mode did not finish; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(0, process.exitValue(), () -> "migrate mode failed; see " + log);
    }

    /** Starts the server on a free port and waits until it is ready. {@code env} adds or overrides settings. */
    static PackagedServer start(TestDatabase db, Map<String, String> env) {
        int port = freePort();
        Map<String, String> settings = database(db);
        settings.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        settings.putAll(env);
        Path log = logFile("server-" + port);
        PackagedServer server = new PackagedServer(launch(List.of(), settings, log), port, log);
        server.awaitReady();
        return server;
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** What the kubelet sends when the pod is deleted. */
    void sigterm() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void awaitReady() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_BUDGET.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(uri("/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(100));
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within " + START_BUDGET + "; see " + log);
    }

    private static Process launch(List<String> jvmOptions, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The start-time archive written by the build, as the image's entry point uses it (the JDK 25 AOT cache
        // where the build wrote one).
        command.add(
                Files.exists(APP.resolve("app.aot")) ? "-XX:AOTCache=app.aot" : "-XX:SharedArchiveFile=app-cds.jsa");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add("quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(APP.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
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
        try {
            Path dir = Files.createDirectories(
                    Path.of(System.getProperty("twinstack-build-dir", "target"), "server-logs"));
            return dir.resolve(name + "-" + System.currentTimeMillis() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
