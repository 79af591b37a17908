package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.twinstack.lambdalocal.EdgeSpan;
import dev.twinstack.lambdalocal.OtlpReceiver;
import dev.twinstack.lambdalocal.OtlpReceiver.ReceivedSpan;
import dev.twinstack.lambdalocal.Traces;
import dev.twinstack.results.Trace;
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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes half of one trace: the server build (as the lab's replicas run it) with telemetry on as built, its
 * spans exported over OTLP/HTTP to the lab's receiver, one request sent with the edge's {@code traceparent}. The edge's
 * span, the server's span and the server's database span form one trace with the chain edge → server → JDBC; the
 * sampler the build ships (parent-based, 10 % for requests that start a trace) follows the edge's decision either way.
 */
class ServerTraceTest {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final Path SERVER = BUILD.resolve("server");
    private static final Path DIR = BUILD.resolve("server-trace");
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    /** The batch span processor's export delay as built (5 s) and a loaded machine's slack. */
    private static final Duration EXPORT_LIMIT = Duration.ofSeconds(60);

    private static final String GATEWAY = "gateway";
    private static final String ROUTE = "GET /api/users";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LabDatabase db;
    private static OtlpReceiver receiver;
    private static LaunchedProcess server;
    private static int port;

    @BeforeAll
    static void startTheServerExportingToTheReceiver() throws Exception {
        Files.createDirectories(DIR);
        db = LabDatabase.start(Files.createDirectories(DIR.resolve("postgres")), 20);
        Map<String, String> dbEnv = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", db.username(),
                "QUARKUS_DATASOURCE_PASSWORD", db.password());
        MigrateMode.run(SERVER, dbEnv, 3, DIR.resolve("migrate.log"));
        receiver = OtlpReceiver.start();
        port = ProcessLauncher.freePort();
        int managementPort = ProcessLauncher.freePort();
        server = ProcessLauncher.shared()
                .java("-jar", "quarkus-run.jar")
                .name("traced server")
                .directory(SERVER)
                .environment(dbEnv)
                .environment("QUARKUS_HTTP_PORT", Integer.toString(port))
                .environment("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort))
                .environment("QUARKUS_HTTP_HOST", "127.0.0.1")
                .environment("QUARKUS_MANAGEMENT_HOST", "127.0.0.1")
                // The pod's sidecar speaks OTLP/gRPC on localhost:4317; the lab's receiver OTLP/HTTP.
                .environment(
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                        receiver.endpoint().toString())
                .environment("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
                .logTo(DIR.resolve("server.log"))
                .start();
        server.awaitReady(
                Readiness.httpOk(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")), START_LIMIT);
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (server != null) {
            server.stop(Duration.ofSeconds(20));
        }
        if (receiver != null) {
            receiver.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aRequestFromTheEdgeIsOneTraceThroughTheServerToTheDatabase() throws Exception {
        EdgeSpan.Opened edge = EdgeSpan.open(GATEWAY, ROUTE, true);
        long sent = System.currentTimeMillis();

        HttpResponse<String> response = get("/api/users?limit=1", edge.traceparent());
        ReceivedSpan edgeSpan = edge.end(response.statusCode());
        receiver.accept(edgeSpan);

        assertEquals(200, response.statusCode(), response.body());
        List<ReceivedSpan> trace = awaitSpans(edge.traceId(), Traces::whole);
        assertEquals(List.of(), Traces.problems(trace), "received: " + receiver.spans());
        List<ReceivedSpan> strays = receiver.spans().stream()
                .filter(s -> s.kind().equals("SERVER") && !s.traceId().equals(edge.traceId()))
                .filter(s -> s.startEpochNanos() >= edgeSpan.startEpochNanos()
                        && s.startEpochNanos() <= edgeSpan.endEpochNanos())
                .toList();
        assertEquals(List.of(), strays, "the request's server span in another trace (sent at " + sent + ")");
        assertEquals(List.of(), receiver.rejected());
        List<Trace> examples = receiver.examples(GATEWAY);
        assertEquals(List.of(ROUTE), examples.stream().map(Trace::route).toList());
        assertEquals(edge.traceId(), examples.get(0).traceId());
        keep("k8s", examples.get(0));
    }

    @Test
    void anUnsampledEdgeDecisionIsFollowedAndNothingIsRecorded() throws Exception {
        EdgeSpan.Opened unsampled = EdgeSpan.open(GATEWAY, ROUTE, false);
        EdgeSpan.Opened sampled = EdgeSpan.open(GATEWAY, ROUTE, true);

        assertEquals(200, get("/api/users?limit=2", unsampled.traceparent()).statusCode());
        assertEquals(200, get("/api/users?limit=3", sampled.traceparent()).statusCode());

        // The batch exporter sends spans in the order they ended: once the later request's spans are in, the earlier
        // request's would be too, had it been recorded.
        awaitSpans(
                sampled.traceId(),
                spans -> spans.stream().anyMatch(s -> s.kind().equals("SERVER")));
        assertEquals(List.of(), receiver.trace(unsampled.traceId()));
    }

    private static HttpResponse<String> get(String path, String traceparent) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("traceparent", traceparent)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the receiver until the trace's spans satisfy {@code done}, or the export limit passes. */
    private static List<ReceivedSpan> awaitSpans(String traceId, Predicate<List<ReceivedSpan>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + EXPORT_LIMIT.toNanos();
        List<ReceivedSpan> spans = receiver.trace(traceId);
        while (!done.test(spans) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            spans = receiver.trace(traceId);
        }
        assertFalse(spans.isEmpty(), "no span of trace " + traceId + " arrived; received " + receiver.spans());
        return spans;
    }

    /** The assembled trace as results.json carries it, kept in the build directory to be looked at. */
    private static void keep(String name, Trace trace) throws IOException {
        ObjectMapper json =
                new ObjectMapper().registerModule(new Jdk8Module()).enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(DIR.resolve(name + "-trace.json").toFile(), trace);
        assertTrue(trace.whole(), trace.toString());
    }
}
