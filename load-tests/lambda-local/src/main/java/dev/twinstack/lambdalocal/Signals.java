package dev.twinstack.lambdalocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Sends SIGSTOP/SIGCONT with {@code kill}. A thaw sits on the invocation path, and forking a {@code kill} process per
 * signal costs milliseconds, so one long-lived shell runs its builtin {@code kill} and acknowledges each signal: the
 * call returns once the signal is delivered, and signals to one process keep their order.
 */
final class Signals implements AutoCloseable {

    private final Process shell;
    private final Writer commands;
    private final BufferedReader replies;

    Signals() {
        try {
            shell = new ProcessBuilder("/bin/sh").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start /bin/sh for kill", e);
        }
        commands = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        replies = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Freezes a process as Lambda freezes an environment between invocations. */
    boolean stop(long pid) {
        return send("STOP", pid);
    }

    /** Thaws a frozen process. */
    boolean resume(long pid) {
        return send("CONT", pid);
    }

    private synchronized boolean send(String signal, long pid) {
        try {
            commands.write("kill -" + signal + " " + pid + " 2>/dev/null; echo $?\n");
            commands.flush();
            String reply = replies.readLine();
            if (reply == null) {
                throw new IllegalStateException("the signalling shell exited");
            }
            return "0".equals(reply.trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + pid, e);
        }
    }

    @Override
    public synchronized void close() {
        shell.destroy();
    }
}
