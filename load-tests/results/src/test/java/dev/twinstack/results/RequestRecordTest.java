package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log: one JSON line per request, written by the scenarios and read by the lab through one record. */
class RequestRecordTest {

    private static final RequestRecord PLACED =
            new RequestRecord(1_795_000_000_123L, "place order", 201, Optional.of(17L), true);
    private static final RequestRecord REFUSED =
            new RequestRecord(1_795_000_000_456L, "find user", 0, Optional.empty(), false);
    private static final RequestRecord TOLD_TO_RETRY =
            new RequestRecord(1_795_000_000_789L, "place order", 503, Optional.of(4L), false, Optional.empty(), true);

    @TempDir
    Path dir;

    @Test
    void writesOneCompactLinePerRequest() {
        assertEquals(
                "{\"t\":1795000000123,\"request\":\"place order\",\"status\":201,\"ms\":17,\"cold\":true,"
                        + "\"retryAfter\":false}",
                ResultsJson.line(PLACED));
        assertEquals(
                "{\"t\":1795000000456,\"request\":\"find user\",\"status\":0,\"cold\":false,\"retryAfter\":false}",
                ResultsJson.line(REFUSED));
        assertEquals(
                "{\"t\":1795000000789,\"request\":\"place order\",\"status\":503,\"ms\":4,\"cold\":false,"
                        + "\"retryAfter\":true}",
                ResultsJson.line(TOLD_TO_RETRY));
    }

    @Test
    void readsBackEveryLineItWrote() throws IOException {
        Path log = dir.resolve("requests.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(log)) {
            ResultsJson.append(out, PLACED);
            ResultsJson.append(out, REFUSED);
            ResultsJson.append(out, TOLD_TO_RETRY);
        }

        assertEquals(List.of(PLACED, REFUSED, TOLD_TO_RETRY), ResultsJson.readRequestLog(log));
    }

    @Test
    void carriesWhatAnErrorBodyLeakedOnlyWhenItLeakedSomething() throws IOException {
        RequestRecord leaked = new RequestRecord(
                1_795_000_000_789L,
                "place order",
                500,
                Optional.of(12L),
                false,
                Optional.of("an exception (X)"),
                false);
        Path log = dir.resolve("leaked.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(log)) {
            ResultsJson.append(out, leaked);
            ResultsJson.append(out, PLACED);
        }

        assertTrue(
                ResultsJson.line(leaked).endsWith(",\"leak\":\"an exception (X)\",\"retryAfter\":false}"),
                ResultsJson.line(leaked));
        assertEquals(List.of(leaked, PLACED), ResultsJson.readRequestLog(log));
    }

    @Test
    void carriesTheFlowARequestBelongsTo() throws IOException {
        RequestRecord inFlow = new RequestRecord(
                1_795_000_000_900L,
                "list orders",
                200,
                Optional.of(9L),
                false,
                Optional.empty(),
                false,
                Optional.of("0-42"));
        Path log = dir.resolve("flows.jsonl");
        Files.writeString(log, ResultsJson.line(inFlow) + "\n" + ResultsJson.line(PLACED) + "\n");

        assertTrue(ResultsJson.line(inFlow).endsWith(",\"flow\":\"0-42\"}"), ResultsJson.line(inFlow));
        assertEquals(List.of(inFlow, PLACED), ResultsJson.readRequestLog(log));
    }

    @Test
    void escapesARequestNameThatNeedsIt() throws IOException {
        RequestRecord quoted = new RequestRecord(1, "say \"hi\"\\", 200, Optional.of(1L), false);
        Path log = dir.resolve("quoted.jsonl");
        Files.writeString(log, ResultsJson.line(quoted) + "\n");

        assertEquals(List.of(quoted), ResultsJson.readRequestLog(log));
    }

    @Test
    void refusesALineWithoutAStatusAndSaysWhichLine() throws IOException {
        Path log = dir.resolve("broken.jsonl");
        Files.writeString(log, ResultsJson.line(PLACED) + "\n\n{\"t\":1,\"request\":\"x\",\"ms\":3,\"cold\":false}\n");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ResultsJson.readRequestLog(log));

        assertTrue(e.getMessage().contains("broken.jsonl:3"), e.getMessage());
        assertTrue(e.getMessage().contains("'status'"), e.getMessage());
    }
}
