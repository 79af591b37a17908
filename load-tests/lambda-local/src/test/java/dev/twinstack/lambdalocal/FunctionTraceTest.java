package dev.twinstack.lambdalocal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.twinstack.lambdalocal.OtlpReceiver.ReceivedSpan;
import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda half of one trace: the real function.zip with telemetry on (the template's OTLP/HTTP export to the
 * collector on the function's localhost, here the lab's receiver) behind the HTTP API front, one request sent with the
 * edge's {@code traceparent}. The edge span, the function's server span and its database span form one trace with the
 * chain edge → server → JDBC, whole by the time the environment is frozen after answering, cold and warm; a request the
 * edge did not sample leaves nothing (the function's sampler is parent-based).
 */
class FunctionTraceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GATEWAY = "gateway";
    private static final String ROUTE = "GET /api/users";
    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));

    private static PostgresResource postgres;
    private static OtlpReceiver receiver;
    private static LocalLambda lambda;

    @BeforeAll
    static void startTheTracedFunctionOnAMigratedDatabase() {
        postgres = new PostgresResource();
        Map<String, String> settings = postgres.start();
        TestDatabase database = postgres.database();
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("seed_users", "0"))
                .load()
                .migrate();
        receiver = OtlpReceiver.start();
        Path function = FunctionPackage.prepare(Path.of(System.getProperty("function.zip")));
        List<String> log = TestFunction.newLog();
        lambda = LocalLambda.start(FunctionConfig.builder(function, FunctionConfig.FUNCTION_HANDLER)
                .memoryMb(512)
                .reservedConcurrency(1)
                .timeout(Duration.ofSeconds(30))
                .initTimeout(Duration.ofSeconds(60))
                .integrationTimeout(Duration.ofMinutes(2))
                .environment(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        settings.get("quarkus.datasource.jdbc.url")
                                + "?sslmode=disable&ApplicationName=twinstack-trace")
                .environment("QUARKUS_DATASOURCE_USERNAME", settings.get("quarkus.datasource.username"))
                .environment("QUARKUS_DATASOURCE_PASSWORD", settings.get("quarkus.datasource.password"))
                // What the template sets with the collector layer: the SDK on, the export to the collector.
                .environment("QUARKUS_OTEL_SDK_DISABLED", "false")
                .environment(
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                        receiver.endpoint().toString())
                .log(line -> {
                    log.add(line);
                    System.out.println(line);
                })
                .build());
    }

    @AfterAll
    static void stopEverything() {
        if (lambda != null) {
            lambda.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aRequestFromTheEdgeIsOneWholeTraceBeforeItsEnvironmentIsFrozenColdAndWarm() throws IOException {
        for (String start : List.of("cold", "warm")) {
            EdgeSpan.Opened edge = EdgeSpan.open(GATEWAY, ROUTE, true);

            HttpResponse<String> response = send(edge);
            ReceivedSpan edgeSpan = edge.end(response.statusCode());
            receiver.accept(edgeSpan);

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(
                    start.equals("cold") ? "true" : null,
                    response.headers().firstValue("x-cold-start").orElse(null));
            awaitFrozen();
            List<ReceivedSpan> trace = receiver.trace(edge.traceId());
            assertEquals(List.of(), Traces.problems(trace), start + ": received before the freeze " + receiver.spans());
            List<ReceivedSpan> strays = receiver.spans().stream()
                    .filter(s -> s.kind().equals("SERVER") && !s.traceId().equals(edge.traceId()))
                    .filter(s -> s.startEpochNanos() >= edgeSpan.startEpochNanos()
                            && s.startEpochNanos() <= edgeSpan.endEpochNanos())
                    .toList();
            assertEquals(List.of(), strays, start + ": the request's server span in another trace");
            if (start.equals("warm")) {
                keep(Traces.toResult(ROUTE, trace));
            }
        }
        assertEquals(List.of(), receiver.rejected());
    }

    @Test
    void anUnsampledEdgeDecisionLeavesNoSpan() {
        EdgeSpan.Opened edge = EdgeSpan.open(GATEWAY, ROUTE, false);

        HttpResponse<String> response = send(edge);

        assertEquals(200, response.statusCode(), response.body());
        awaitFrozen();
        assertEquals(List.of(), receiver.trace(edge.traceId()));
    }

    private static HttpResponse<String> send(EdgeSpan.Opened edge) {
        return TestFunction.send(
                lambda,
                HttpRequest.newBuilder(TestFunction.uri(lambda, "api/users?limit=1"))
                        .header("traceparent", edge.traceparent()));
    }

    /** The environment that answered is stopped (SIGSTOP) between invocations, as Lambda freezes it. */
    private static void awaitFrozen() {
        await().atMost(PATIENCE)
                .until(() -> !lambda.environments().isEmpty()
                        && lambda.environments().stream().allMatch(e -> ProcStatus.state(e.pid()) == 'T'));
    }

    /** The assembled trace as results.json carries it, kept in the build directory to be looked at. */
    private static void keep(dev.twinstack.results.Trace trace) throws IOException {
        Path dir = Files.createDirectories(BUILD.resolve("traces"));
        new ObjectMapper()
                .registerModule(new Jdk8Module())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("lambda-trace.json").toFile(), trace);
    }
}
