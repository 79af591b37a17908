package dev.twinstack.toolkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The JVM has no parent-death signal, so a process it starts outlives it when it is killed. This small long-lived
 * {@code /bin/sh} (the script {@code watchdog.sh} beside this class) holds a pipe from the JVM and is told each pid to
 * cover; when the pipe reaches end-of-file, which the kernel guarantees however the JVM ends, it kills every covered
 * process that is still alive together with its descendants. The same shell sends signals by pid for the launcher,
 * through its builtin {@code kill}, without forking a process per signal.
 */
final class Watchdog implements AutoCloseable {

    private static final Path SHELL = Path.of("/bin/sh");
    private static final String SCRIPT = script();

    private final Process shell;
    private final Writer commands;
    private final BufferedReader replies;

    private Watchdog(Process shell) {
        this.shell = shell;
        this.commands = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        this.replies = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
    }

    static Watchdog start() {
        if (!Files.isExecutable(SHELL)) {
            throw new IllegalStateException(
                    "the process launcher needs " + SHELL + " for its watchdog (a POSIX system): not found");
        }
        try {
            // The shell's own name ($0) says what it is in ps.
            return new Watchdog(new ProcessBuilder(SHELL.toString(), "-c", SCRIPT, "twinstack-watchdog")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the process watchdog (" + SHELL + ")", e);
        }
    }

    long pid() {
        return shell.pid();
    }

    /** Covers {@code pid}: it and its descendants die when this JVM does, unless forgotten first. */
    void watch(long pid) {
        send("watch " + pid);
    }

    /** {@code pid} ended or was stopped here: the watchdog must not kill a later process that gets the same pid. */
    void forget(long pid) {
        if (shell.isAlive()) {
            send("forget " + pid);
        }
    }

    /** Sends {@code signal} (a name such as STOP) to {@code pid}; true once delivered, false if there is no such pid. */
    synchronized boolean signal(String signal, long pid) {
        send("signal " + signal + " " + pid);
        try {
            String reply = replies.readLine();
            if (reply == null) {
                throw gone(null);
            }
            return "0".equals(reply.trim());
        } catch (IOException e) {
            throw gone(e);
        }
    }

    private synchronized void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw gone(e);
        }
    }

    private IllegalStateException gone(IOException cause) {
        return new IllegalStateException(
                "the process watchdog (pid " + shell.pid() + ") is gone: launched processes are no longer covered",
                cause);
    }

    /** Ends the watchdog as the JVM's exit would: whatever it still covers is killed. */
    @Override
    public void close() {
        try {
            synchronized (this) {
                commands.close();
            }
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (IOException e) {
            shell.destroyForcibly();
        } catch (InterruptedException e) {
            shell.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String script() {
        try (InputStream in = Watchdog.class.getResourceAsStream("watchdog.sh")) {
            if (in == null) {
                throw new IllegalStateException("watchdog.sh is missing beside " + Watchdog.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
