package dev.twinstack.loadtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A JSON-lines file the scenario writes as the load runs, one record a line, in the one format of
 * {@code dev.twinstack.results.ResultsJson}: the request log (one {@code RequestRecord} per request: when it ended,
 * which request, the status, the latency Gatling measured, the cold-start mark; Gatling's own report cannot separate
 * cold from warm, the lab's does from this file) and the client ledger (one {@code LedgerRecord} per order write once
 * the client knows all it will know of it; the lab reconciles it with the database through
 * {@link LedgerReconciliation}).
 */
final class JsonLinesFile<T> implements AutoCloseable {

    private final BufferedWriter out;
    private final Function<T, String> line;
    private boolean first = true;

    JsonLinesFile(Path file, String what, Function<T, String> line) {
        this.line = line;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file, e);
        }
    }

    synchronized void record(T record) {
        try {
            out.write(line.apply(record));
            out.write('\n');
            if (first) {
                // The first line at once: the lab times its drills from the load's first request.
                out.flush();
                first = false;
            }
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
