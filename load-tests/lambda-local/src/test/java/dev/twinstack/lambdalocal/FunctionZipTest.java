package dev.twinstack.lambdalocal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real function.zip (deploy-lambda's artifact, through Maven) under the local Lambda service, against app's test
 * PostgreSQL migrated beforehand as a deployment does, configured as a newcomer configures it (a URL, a user and a
 * password; nothing about TLS or telemetry). Quarkus cold starts take seconds on two cores, so the on-demand tests share
 * two environments, created once by concurrent requests; the SnapStart test publishes one copy of its own.
 */
class FunctionZipTest {

    private static final String APPLICATION = "twinstack";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> LOG = TestFunction.newLog();

    private static PostgresResource postgres;
    private static TestDatabase database;
    private static Map<String, String> settings;
    private static LocalLambda lambda;

    @BeforeAll
    static void startTheFunctionOnAMigratedDatabase() {
        postgres = new PostgresResource();
        settings = postgres.start();
        database = postgres.database();
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("seed_users", "0"))
                .load()
                .migrate();
        lambda = LocalLambda.start(
                function(LOG, APPLICATION).reservedConcurrency(2).build());
        var warmUp = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> TestFunction.get(lambda, "q/health/live")))
                .toList();
        warmUp.forEach(response -> assertEquals(200, response.join().statusCode()));
    }

    /**
     * The function against the test database, as the README runs it: a local server speaks no TLS, which the URL says
     * ({@code sslmode=disable} wins over the function's own {@code verify-full}); the application name tells services
     * apart in {@code pg_stat_activity}.
     */
    private static FunctionConfig.Builder function(List<String> log, String applicationName) {
        Path function = FunctionPackage.prepare(Path.of(System.getProperty("function.zip")));
        return FunctionConfig.builder(function, FunctionConfig.FUNCTION_HANDLER)
                .memoryMb(512)
                .timeout(Duration.ofSeconds(30))
                .initTimeout(Duration.ofSeconds(60))
                // Quarkus cold starts on a loaded two-core machine can outlast HTTP API's 30 s; the front is not what
                // these tests are about.
                .integrationTimeout(Duration.ofMinutes(2))
                .environment(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        settings.get("quarkus.datasource.jdbc.url") + "?sslmode=disable&ApplicationName="
                                + applicationName)
                .environment("QUARKUS_DATASOURCE_USERNAME", settings.get("quarkus.datasource.username"))
                .environment("QUARKUS_DATASOURCE_PASSWORD", settings.get("quarkus.datasource.password"))
                .log(line -> {
                    log.add(line);
                    System.out.println(line);
                });
    }

    @AfterAll
    static void stopEverything() {
        if (lambda != null) {
            lambda.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void concurrentColdStartsCreateOneEnvironmentEachWithInitDurationInTheirReport() {
        var cold = TestFunction.records(lambda, 2).stream()
                .filter(InvocationRecord::cold)
                .toList();

        assertEquals(2, cold.size());
        assertEquals(
                2, cold.stream().map(InvocationRecord::environmentId).distinct().count());
        assertEquals(2, lambda.environments().size());
        assertTrue(LOG.stream()
                        .filter(line -> line.startsWith("REPORT ") && line.contains("\tInit Duration: "))
                        .count()
                >= 2);
    }

    @Test
    void placesAnOrderThroughTheService() {
        var user = TestFunction.send(
                lambda,
                HttpRequest.newBuilder(TestFunction.uri(lambda, "api/users"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")));
        assertEquals(201, user.statusCode(), user.body());
        String userId = user.body().replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1");

        var order = TestFunction.send(
                lambda,
                HttpRequest.newBuilder(TestFunction.uri(lambda, "api/orders"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "local-lambda-order-1")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"book\",\"qty\":2}]}")));

        assertEquals(201, order.statusCode(), order.body());
        assertTrue(order.headers().firstValue("location").isPresent());
        assertEquals(1, database.count("select count(*) from orders where user_id = ?", Long.parseLong(userId)));
    }

    @Test
    void exportsNoSpansWithoutACollector() {
        int before = lambda.records().size();

        assertEquals(200, TestFunction.get(lambda, "api/users?limit=1").statusCode());
        assertEquals(200, TestFunction.get(lambda, "api/users?limit=2").statusCode());

        TestFunction.records(lambda, before + 2);
        var exportFailures = LOG.stream()
                .filter(line -> line.contains("Failed to export") || line.contains(":4318"))
                .toList();
        assertEquals(List.of(), exportFailures, "telemetry is off unless a collector is given");
    }

    @Test
    void aRestoredEnvironmentServesItsFirstRequestColdOnANewDatabaseConnection() throws InterruptedException {
        String application = "twinstack-snapstart";
        List<String> log = TestFunction.newLog();
        try (var snapStart = LocalLambda.start(function(log, application)
                .snapStart(true)
                .reservedConcurrency(1)
                .build())) {
            snapStart.publish(1, Duration.ofMinutes(5));
            assertEquals(
                    0,
                    database.count("select count(*) from pg_stat_activity where application_name = ?", application),
                    "no connection survives the checkpoint");

            var response = TestFunction.get(snapStart, "api/users?limit=1");

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("true", response.headers().firstValue("x-cold-start").orElse(null));
            var record = TestFunction.records(snapStart, 1).get(0);
            assertTrue(record.restored(), record.toString());
            assertEquals(0, record.initMs());
            assertTrue(record.restoreMs() > 0, record.toString());
            String report = TestFunction.report(log, record.requestId());
            assertTrue(report.contains("\tRestore Duration: "), report);
            assertTrue(report.contains("\tBilled Restore Duration: "), report);
            assertFalse(report.contains("Init Duration"), report);
            assertEquals(
                    1,
                    database.count(
                            "select count(*) from pg_stat_activity where application_name = ?"
                                    + " and extract(epoch from backend_start) * 1000000 >= ?",
                            application,
                            record.startEpochMicros()),
                    "the restored environment opened its connection after the restore began");
        }
    }

    /**
     * With telemetry on (the template turns it on with the collector layer), every request's spans reach the collector
     * before the environment is frozen after answering: a span still buffered or in flight then would leave only when
     * the environment is thawed again, or never. Checked on the frozen process, before any further request.
     */
    @Test
    void exportsEachRequestsSpansBeforeTheEnvironmentIsFrozen() {
        List<String> log = TestFunction.newLog();
        try (var collector = OtlpReceiver.start();
                var traced = LocalLambda.start(function(log, "twinstack-traced")
                        .reservedConcurrency(1)
                        .environment("QUARKUS_OTEL_SDK_DISABLED", "false")
                        .environment(
                                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                                collector.endpoint().toString())
                        .build())) {
            for (int i = 0; i < 3; i++) {
                String traceId = "%032x".formatted(0x7ace0000L + i);
                String callerSpan = "%016x".formatted(0xca11e40000L + i);
                var response = TestFunction.send(
                        traced,
                        HttpRequest.newBuilder(TestFunction.uri(traced, "api/users?limit=1"))
                                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
                assertEquals(200, response.statusCode(), response.body());

                await().atMost(PATIENCE)
                        .until(() -> !traced.environments().isEmpty()
                                && traced.environments().stream().allMatch(e -> ProcStatus.state(e.pid()) == 'T'));
                var spans = collector.trace(traceId);
                String request = "request " + (i + 1) + " (" + (i == 0 ? "cold" : "warm") + ")";
                assertTrue(
                        spans.stream()
                                .anyMatch(s -> s.kind().equals("SERVER")
                                        && s.parentSpanId().equals(callerSpan)),
                        request + ": its server span, a child of the caller's, arrived before the freeze; received "
                                + collector.spans());
                assertTrue(
                        spans.stream()
                                .anyMatch(s ->
                                        s.kind().equals("CLIENT") || s.name().startsWith("SELECT")),
                        request + ": its database span arrived before the freeze; received " + spans);
            }
            assertEquals(List.of(), collector.rejected());
        }
    }

    @Test
    void aFrozenEnvironmentKeepsItsDatabaseConnectionOpen() {
        assertEquals(200, TestFunction.get(lambda, "api/users?limit=1").statusCode());

        await().atMost(PATIENCE)
                .until(() -> lambda.environments().stream().anyMatch(e -> ProcStatus.state(e.pid()) == 'T'));
        assertTrue(
                database.count("select count(*) from pg_stat_activity where application_name = ?", APPLICATION) >= 1,
                "the frozen environment's connection should still be open");
    }
}
