package dev.twinstack.platform;

import static dev.twinstack.testing.Api.createUser;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production sampler (application.properties, docs/performance.md): a caller's sampling decision in
 * {@code traceparent} is followed either way, so a distributed trace is recorded whole or not at all; only requests
 * that start a trace are sampled at the configured ratio.
 */
@QuarkusTest
@TestProfile(TraceSamplingTest.ProductionSampler.class)
class TraceSamplingTest {

    private static final String SAMPLED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UNSAMPLED_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String LATER_SAMPLED_TRACE = "5c0e2f3577b34da6a3ce929d0e0e4737";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";

    /** Traces on with the sampler application.properties configures, exported in memory instead of over OTLP. */
    public static class ProductionSampler implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.exporter.otlp.enabled", "false");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void clear() {
        spans.reset();
    }

    @Test
    void recordsTheReadOfACallerWhoseTraceIsSampled() {
        long id = createUser();

        given().header("traceparent", traceparent(SAMPLED_TRACE, true))
                .get("/api/users/{id}", id)
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<SpanKind> kinds =
                    spansOf(SAMPLED_TRACE).stream().map(SpanData::getKind).collect(Collectors.toSet());
            // The JDBC instrumentation adds an internal span for taking the connection.
            assertTrue(
                    kinds.containsAll(Set.of(SpanKind.SERVER, SpanKind.CLIENT)),
                    () -> "spans: " + spans.getFinishedSpanItems());
        });
    }

    @Test
    void recordsNothingOfACallerWhoseTraceIsNotSampled() {
        long id = createUser();

        given().header("traceparent", traceparent(UNSAMPLED_TRACE, false))
                .get("/api/users/{id}", id)
                .then()
                .statusCode(200);
        // A sampled request after it: once its spans are exported, the unsampled one's would have been too.
        given().header("traceparent", traceparent(LATER_SAMPLED_TRACE, true))
                .get("/api/users/{id}", id)
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !spansOf(LATER_SAMPLED_TRACE).isEmpty());
        assertTrue(spansOf(UNSAMPLED_TRACE).isEmpty(), () -> "spans: " + spans.getFinishedSpanItems());
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
    }

    private static String traceparent(String traceId, boolean sampled) {
        return "00-" + traceId + "-" + PARENT_SPAN + (sampled ? "-01" : "-00");
    }
}
