package dev.twinstack.lambdalocal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The process of one execution environment and its lifecycle: started once, frozen (SIGSTOP) while it waits for work,
 * thawed (SIGCONT) when work is routed to it, killed at the end. Every change of state is a transition the
 * {@link State} table allows, made under this object's lock together with the signal it implies, so that a freeze
 * never lands on a busy environment and a thaw never on a dead one.
 */
final class EnvironmentProcess {

    /** The lifecycle of an environment. */
    enum State {
        /** Started; its runtime has not polled for work yet. */
        INITIALIZING,
        /** An invocation is in flight. */
        BUSY,
        /** Routable and waiting for work; frozen once its runtime polls for it. */
        IDLE,
        /** No longer routed to; frozen, its connections open, until it is killed. */
        ABANDONED,
        /** Killed, or its process exited. */
        DEAD;

        /** The transitions of the lifecycle. */
        boolean mayBecome(State next) {
            return switch (this) {
                case INITIALIZING -> next == BUSY || next == DEAD;
                case BUSY -> next == IDLE || next == DEAD;
                case IDLE -> next == BUSY || next == ABANDONED || next == DEAD;
                case ABANDONED -> next == DEAD;
                case DEAD -> false;
            };
        }

        /** Waiting for work that may never come: the states in which the process is frozen. */
        boolean frozenWhileWaiting() {
            return this == IDLE || this == ABANDONED;
        }
    }

    private final String id;
    private final Process process;
    private final Signals signals;
    private final long startedNanos;

    private State state = State.INITIALIZING;
    private long stateSinceNanos;
    private boolean frozen;

    private EnvironmentProcess(String id, Process process, Signals signals, long startedNanos) {
        this.id = id;
        this.process = process;
        this.signals = signals;
        this.startedNanos = startedNanos;
        this.stateSinceNanos = startedNanos;
    }

    /**
     * Starts the process in {@code workingDir} with exactly {@code environment} (nothing inherited), its output, stdout
     * and stderr merged, going line by line to {@code output}.
     */
    static EnvironmentProcess start(
            String id,
            List<String> command,
            Path workingDir,
            Map<String, String> environment,
            Signals signals,
            Consumer<String> output) {
        var builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + id, e);
        }
        Thread pump = new Thread(
                () -> {
                    try (var lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            output.accept(line);
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                id + "-output");
        pump.setDaemon(true);
        pump.start();
        return new EnvironmentProcess(id, process, signals, started);
    }

    long pid() {
        return process.pid();
    }

    /** When the process was started ({@link System#nanoTime()}): the start of its init. */
    long startedNanos() {
        return startedNanos;
    }

    synchronized State state() {
        return state;
    }

    /** When it entered its current state ({@link System#nanoTime()}). */
    synchronized long stateSinceNanos() {
        return stateSinceNanos;
    }

    synchronized boolean frozen() {
        return frozen;
    }

    /** Its runtime polled for work for the first time: init is over, its first invocation goes out. */
    synchronized boolean initialized() {
        return move(State.INITIALIZING, State.BUSY);
    }

    /** Takes it for an invocation if it is idle, thawing it first. */
    synchronized boolean claim() {
        if (!move(State.IDLE, State.BUSY)) {
            return false;
        }
        if (frozen) {
            signals.resume(process.pid());
            frozen = false;
        }
        return true;
    }

    /** Its invocation ended: routable again, from the answer on rather than from its next poll. */
    synchronized boolean released() {
        return move(State.BUSY, State.IDLE);
    }

    /** No longer routed to: left frozen with its connections open until {@link #kill()}. */
    synchronized boolean abandon() {
        return move(State.IDLE, State.ABANDONED);
    }

    /** Freezes it if it is waiting for work (idle or abandoned), as Lambda freezes an environment between invocations. */
    synchronized void freezeIfWaiting() {
        if (state.frozenWhileWaiting() && !frozen) {
            frozen = signals.stop(process.pid());
        }
    }

    /** Kills the process (frozen or not); returns whether it was still alive in the lifecycle. */
    boolean kill() {
        boolean wasAlive;
        synchronized (this) {
            wasAlive = die();
        }
        process.destroyForcibly();
        return wasAlive;
    }

    /** The process exited: returns whether that is news, that is, whether it was not killed. */
    synchronized boolean exited() {
        return die();
    }

    /**
     * Runs {@code then} once the process has exited, however it ended; always on another thread, also when it has
     * exited already, so that no caller's locks are held.
     */
    void onExit(Runnable then) {
        process.onExit().thenRunAsync(then);
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean waitForExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    long maxMemoryUsedMb() {
        return ProcStatus.maxMemoryUsedMb(process.pid());
    }

    private boolean die() {
        if (state == State.DEAD) {
            return false;
        }
        enter(State.DEAD);
        frozen = false;
        return true;
    }

    private boolean move(State from, State to) {
        if (!from.mayBecome(to)) {
            throw new IllegalArgumentException(from + " never becomes " + to);
        }
        if (state != from) {
            return false;
        }
        enter(to);
        return true;
    }

    private void enter(State next) {
        if (!state.mayBecome(next)) {
            throw new IllegalStateException(id + ": " + state + " cannot become " + next);
        }
        state = next;
        stateSinceNanos = System.nanoTime();
    }
}
