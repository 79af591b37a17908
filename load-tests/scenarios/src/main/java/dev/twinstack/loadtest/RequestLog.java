package dev.twinstack.loadtest;

import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JSON line per request ({@link RequestRecord}): when it ended, which request, the status (0: no response), the
 * latency Gatling measured and whether the target marked it as an instance's first request ({@code X-Cold-Start}).
 * Gatling's own report cannot separate cold from warm; the lab's report does, from this file.
 */
final class RequestLog implements AutoCloseable {

    private final BufferedWriter out;
    private boolean first = true;

    RequestLog(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the request log " + file, e);
        }
    }

    synchronized void record(RequestRecord request) {
        try {
            ResultsJson.append(out, request);
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
