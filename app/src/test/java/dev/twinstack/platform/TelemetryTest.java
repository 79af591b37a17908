package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Traces cover HTTP and JDBC, name the deployment target, and tag the cold request. */
@QuarkusTest
@TestProfile(TelemetryTest.Tracing.class)
class TelemetryTest {

    private static final AttributeKey<Boolean> COLD = AttributeKey.booleanKey(ColdStart.SPAN_ATTRIBUTE);
    private static final AttributeKey<String> TARGET = AttributeKey.stringKey("twinstack.target");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

    /** Traces on, every request recorded (not the production ratio), exported in memory instead of over OTLP. */
    public static class Tracing implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled",
                    "false",
                    "quarkus.otel.exporter.otlp.enabled",
                    "false",
                    "quarkus.otel.traces.sampler",
                    "always_on");
        }
    }

    static class Exporter {

        @Produces
        @Singleton
        InMemorySpanExporter inMemory() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Inject
    ColdStart coldStart;

    @BeforeEach
    void clear() {
        spans.reset();
    }

    @Test
    void tracesHttpAndJdbcWithTheColdStartAttribute() {
        coldStart.rearm();

        given().get("/api/users?limit=1").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData server = finished.stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no server span in " + finished));
            assertEquals(Boolean.TRUE, server.getAttributes().get(COLD));
            assertEquals("server", server.getResource().getAttribute(TARGET));
            assertTrue(
                    finished.stream()
                            .anyMatch(s -> s.getKind() == SpanKind.CLIENT
                                    && ("postgresql".equals(s.getAttributes().get(DB_SYSTEM))
                                            || "postgresql"
                                                    .equals(s.getAttributes().get(DB_SYSTEM_NAME)))),
                    () -> "no JDBC span in " + finished);
        });
    }

    @Test
    void emailLookedUpInTheQueryNeverReachesASpan() {
        String email = "private-" + System.nanoTime() + "@example.com";

        given().get("/api/users?limit=5&email=" + email).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData server = finished.stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no server span in " + finished));
            assertEquals(
                    "limit=5&email=" + QueryRedaction.REDACTED,
                    server.getAttributes().get(URL_QUERY));
            assertTrue(
                    finished.stream()
                            .noneMatch(s -> s.getAttributes().asMap().values().stream()
                                    .anyMatch(v -> String.valueOf(v).contains(email))),
                    () -> "the email is in " + finished);
        });
    }
}
