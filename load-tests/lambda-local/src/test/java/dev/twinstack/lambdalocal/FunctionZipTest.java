package dev.twinstack.lambdalocal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * PostgreSQL migrated beforehand as a deployment does. Quarkus cold starts take seconds on two cores, so the tests
 * share two environments, created once by concurrent requests.
 */
class FunctionZipTest {

    private static final String APPLICATION = "twinstack";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> LOG = TestFunction.newLog();

    private static PostgresResource postgres;
    private static TestDatabase database;
    private static LocalLambda lambda;

    @BeforeAll
    static void startTheFunctionOnAMigratedDatabase() {
        postgres = new PostgresResource();
        Map<String, String> settings = postgres.start();
        database = postgres.database();
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("seed_users", "0"))
                .load()
                .migrate();
        Path function = FunctionPackage.prepare(Path.of(System.getProperty("function.zip")));
        lambda = LocalLambda.start(FunctionConfig.builder(function, FunctionConfig.QUARKUS_HANDLER)
                .reservedConcurrency(2)
                .memoryMb(512)
                .timeout(Duration.ofSeconds(30))
                .initTimeout(Duration.ofSeconds(60))
                // Quarkus cold starts on a loaded two-core machine can outlast HTTP API's 30 s; the front is not what
                // these tests are about.
                .integrationTimeout(Duration.ofMinutes(2))
                // the production setting asks for verified TLS; the local server has none, and the URL's setting wins
                .environment(
                        "QUARKUS_DATASOURCE_JDBC_URL", settings.get("quarkus.datasource.jdbc.url") + "?sslmode=disable")
                .environment("QUARKUS_DATASOURCE_USERNAME", settings.get("quarkus.datasource.username"))
                .environment("QUARKUS_DATASOURCE_PASSWORD", settings.get("quarkus.datasource.password"))
                .log(line -> {
                    LOG.add(line);
                    System.out.println(line);
                })
                .build());
        var warmUp = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> TestFunction.get(lambda, "q/health/live")))
                .toList();
        warmUp.forEach(response -> assertEquals(200, response.join().statusCode()));
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
    void aFrozenEnvironmentKeepsItsDatabaseConnectionOpen() {
        assertEquals(200, TestFunction.get(lambda, "api/users?limit=1").statusCode());

        await().atMost(PATIENCE)
                .until(() -> lambda.environments().stream().anyMatch(e -> ProcStatus.state(e.pid()) == 'T'));
        assertTrue(
                database.count("select count(*) from pg_stat_activity where application_name = ?", APPLICATION) >= 1,
                "the frozen environment's connection should still be open");
    }
}
