package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target's example traces written and read back through the records, strictly. */
class TracesJsonTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String EDGE = "00f067aa0ba902b7";
    private static final String SERVER = "53995c3f42cd8ad8";
    private static final String QUERY = "a2fb4a1d1a96d312";

    private static final Trace READ_BY_KEY = new Trace(
            "GET /api/users/{id}",
            TRACE_ID,
            List.of(),
            List.of(
                    new TraceSpan(
                            "GET /api/users/{id}",
                            "gateway",
                            EDGE,
                            Optional.empty(),
                            0,
                            12.5,
                            TraceSpan.SpanKind.SERVER),
                    new TraceSpan(
                            "GET /api/users/{id}",
                            "twinstack",
                            SERVER,
                            Optional.of(EDGE),
                            1.25,
                            10,
                            TraceSpan.SpanKind.SERVER),
                    new TraceSpan(
                            "SELECT twinstack.users",
                            "twinstack",
                            QUERY,
                            Optional.of(SERVER),
                            3,
                            1.5,
                            TraceSpan.SpanKind.CLIENT)));

    @TempDir
    Path dir;

    @Test
    void readsBackATargetsExampleTraces() throws IOException {
        Results written = withTraces(Optional.of(List.of(READ_BY_KEY)));
        Path file = dir.resolve("results.json");

        ResultsJson.write(written, file);

        assertEquals(written, ResultsJson.read(file));
        String json = Files.readString(file);
        assertFalse(json.contains("\"parentSpanId\" : null"), "a root has no parentSpanId at all: " + json);
    }

    @Test
    void leavesTracesOutWhenTheLabReceivedNoTelemetry() throws IOException {
        Results written = withTraces(Optional.empty());
        Path file = dir.resolve("results.json");

        ResultsJson.write(written, file);

        assertFalse(Files.readString(file).contains("\"traces\""));
        assertEquals(written, ResultsJson.read(file));
    }

    @Test
    void refusesASpanKindOpenTelemetryDoesNotHave() throws IOException {
        Path file = dir.resolve("results.json");
        ResultsJson.write(withTraces(Optional.of(List.of(READ_BY_KEY))), file);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(file.toFile());
        ((ObjectNode) json.withArray("targets")
                        .get(0)
                        .withArray("traces")
                        .get(0)
                        .withArray("spans")
                        .get(2))
                .put("kind", "DATABASE");
        mapper.writeValue(file.toFile(), json);

        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(file));

        assertTrue(e.getMessage().contains("at targets[0].traces[0].spans[2].kind"), e.getMessage());
    }

    @Test
    void aTraceIsWholeWhenNoProblemWasFound() {
        assertTrue(READ_BY_KEY.whole());
        assertFalse(new Trace("GET /", TRACE_ID, List.of("no server span"), List.of()).whole());
    }

    private static Results withTraces(Optional<List<Trace>> traces) {
        Results complete = ResultsJsonTest.complete();
        TargetResult t = complete.targets().get(0);
        TargetResult traced = new TargetResult(
                t.name(),
                t.description(),
                t.slosMet(),
                t.gatlingReport(),
                t.requests(),
                t.peakConnections(),
                t.budget(),
                t.connections(),
                t.extras(),
                t.ledger(),
                t.drills(),
                t.cpu(),
                traces);
        return new Results(complete.schema(), complete.run(), List.of(traced), complete.cost());
    }
}
