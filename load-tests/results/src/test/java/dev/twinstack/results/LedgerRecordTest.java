package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.LedgerRecord.Item;
import dev.twinstack.results.LedgerRecord.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger: one JSON line per order write, written by the scenarios and read by the lab through one record. */
class LedgerRecordTest {

    private static final List<Item> ITEMS = List.of(new Item("BOOK-1", 2));
    private static final LedgerRecord RETRIED =
            new LedgerRecord("7f1c0e2a-key", 42, ITEMS, Outcome.ACKNOWLEDGED, List.of(1001L), 2, List.of(503, 200));
    private static final LedgerRecord UNANSWERED =
            new LedgerRecord("9b3d-key", 43, ITEMS, Outcome.AMBIGUOUS, List.of(), 3, List.of(0, 502, 0));

    @TempDir
    Path dir;

    @Test
    void writesOneCompactLinePerWrite() {
        assertEquals(
                "{\"key\":\"7f1c0e2a-key\",\"userId\":42,\"items\":[{\"sku\":\"BOOK-1\",\"qty\":2}],"
                        + "\"outcome\":\"ACKNOWLEDGED\",\"orderIds\":[1001],\"attempts\":2,\"statuses\":[503,200]}",
                ResultsJson.line(RETRIED));
    }

    @Test
    void readsBackEveryLineItWrote() throws IOException {
        Path ledger = dir.resolve("ledger.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(ledger)) {
            ResultsJson.append(out, RETRIED);
            ResultsJson.append(out, UNANSWERED);
        }

        assertEquals(List.of(RETRIED, UNANSWERED), ResultsJson.readLedger(ledger));
    }

    @Test
    void refusesAnOutcomeOutsideTheClosedSetAndSaysWhichLine() throws IOException {
        Path ledger = dir.resolve("broken.jsonl");
        Files.writeString(
                ledger,
                ResultsJson.line(RETRIED) + "\n" + ResultsJson.line(UNANSWERED).replace("AMBIGUOUS", "LOST"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsJson.readLedger(ledger));

        assertTrue(e.getMessage().contains("broken.jsonl:2"), e.getMessage());
        assertTrue(e.getMessage().contains("LOST"), e.getMessage());
    }

    @Test
    void refusesAWriteWhoseAttemptsAndStatusesDisagree() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new LedgerRecord("k", 1, ITEMS, Outcome.AMBIGUOUS, List.of(), 2, List.of(0)));

        assertTrue(e.getMessage().contains("2 attempts with 1 statuses"), e.getMessage());
    }
}
