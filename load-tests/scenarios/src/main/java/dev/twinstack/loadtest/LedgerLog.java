package dev.twinstack.loadtest;

import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.ResultsJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The client ledger: one JSON line per order write ({@link LedgerRecord}) once the client knows all it will know of it
 * (its key, user and items, acknowledged, ambiguous or refused, the order ids it was told, each attempt's status). The
 * lab reconciles it with the database ({@link LedgerReconciliation}).
 */
final class LedgerLog implements AutoCloseable {

    private final BufferedWriter out;

    LedgerLog(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger " + file, e);
        }
    }

    synchronized void record(LedgerRecord write) {
        try {
            ResultsJson.append(out, write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
