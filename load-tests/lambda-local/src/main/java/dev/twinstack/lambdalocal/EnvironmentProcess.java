package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.Cgroups;
import dev.twinstack.toolkit.ProcessCpu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The process of one execution environment and its lifecycle: started once, frozen (SIGSTOP) while it waits for work
 * or sits as a SnapStart snapshot copy, thawed (SIGCONT) when work is routed to it or the copy is restored, killed at
 * the end. Every change of state is a transition the {@link State} table allows, made under this object's lock
 * together with the signal it implies, so that a freeze never lands on a busy environment and a thaw never on a dead
 * one. Where the process runs in a control group, its CPU time, peak memory and kills at the memory limit come from
 * the group's accounting, read once more when it exits and then the group is removed.
 */
final class EnvironmentProcess {

    /** The lifecycle of an environment. */
    enum State {
        /** Started; its runtime has not polled for work yet. */
        INITIALIZING,
        /** SnapStart: init and the before-checkpoint hooks ran, the runtime waits for its restore; frozen. */
        CHECKPOINTED,
        /** SnapStart: restored for an invocation; the runtime runs its after-restore hooks. */
        RESTORING,
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
                case INITIALIZING -> next == BUSY || next == CHECKPOINTED || next == DEAD;
                case CHECKPOINTED -> next == RESTORING || next == DEAD;
                case RESTORING -> next == BUSY || next == DEAD;
                case BUSY -> next == IDLE || next == DEAD;
                case IDLE -> next == BUSY || next == ABANDONED || next == DEAD;
                case ABANDONED -> next == DEAD;
                case DEAD -> false;
            };
        }

        /** Waiting for work or a restore that may never come: the states in which the process is frozen. */
        boolean frozenWhileWaiting() {
            return this == IDLE || this == ABANDONED || this == CHECKPOINTED;
        }
    }

    private final String id;
    private final Process process;
    private final Signals signals;
    private final long startedNanos;
    private final Cgroups.Group group;
    /** Completes once the process has exited and its final accounting has been read. */
    private final CompletableFuture<Void> exited;

    private State state = State.INITIALIZING;
    private long stateSinceNanos;
    private boolean frozen;
    private volatile Accounting last = new Accounting(0, 0, 0, 0, 0);

    /** What the group (or, without one, /proc) accounted for the process tree. */
    record Accounting(double cpuSeconds, long throttledPeriods, long periods, long maxMemoryUsedMb, long oomKills) {}

    private EnvironmentProcess(String id, Process process, Signals signals, long startedNanos, Cgroups.Group group) {
        this.id = id;
        this.process = process;
        this.signals = signals;
        this.startedNanos = startedNanos;
        this.stateSinceNanos = startedNanos;
        this.group = group;
        this.exited = process.onExit().thenRun(() -> {
            last = read();
            if (group != null) {
                removeGroup(group);
            }
        });
    }

    /**
     * Starts the process in {@code workingDir} with exactly {@code environment} (nothing inherited), its output, stdout
     * and stderr merged, going line by line to {@code output}. With a {@code group}, the process enters it before its
     * first instruction, and its children follow it: the group's limits hold for the whole tree.
     */
    static EnvironmentProcess start(
            String id,
            List<String> command,
            Path workingDir,
            Map<String, String> environment,
            Cgroups.Group group,
            Signals signals,
            Consumer<String> output) {
        var builder = new ProcessBuilder(group == null ? command : group.wrap(command))
                .directory(workingDir.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (group != null) {
                group.close();
            }
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
        return new EnvironmentProcess(id, process, signals, started, group);
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

    /**
     * Its runtime polled for work for the first time: init (or, for a restored snapshot copy, its after-restore hooks)
     * is over, its first invocation goes out.
     */
    synchronized boolean initialized() {
        return state == State.RESTORING ? move(State.RESTORING, State.BUSY) : move(State.INITIALIZING, State.BUSY);
    }

    /** SnapStart: its before-checkpoint hooks ran and its runtime asked for its restore; the snapshot is this. */
    synchronized boolean checkpointed() {
        return move(State.INITIALIZING, State.CHECKPOINTED);
    }

    /** SnapStart: takes this snapshot copy for an invocation, thawing it, if it is still checkpointed. */
    synchronized boolean restore() {
        if (!move(State.CHECKPOINTED, State.RESTORING)) {
            return false;
        }
        thaw();
        return true;
    }

    /** Takes it for an invocation if it is idle, thawing it first. */
    synchronized boolean claim() {
        if (!move(State.IDLE, State.BUSY)) {
            return false;
        }
        thaw();
        return true;
    }

    private void thaw() {
        if (frozen) {
            signals.resume(process.pid());
            frozen = false;
        }
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

    /** Kills the process and everything it started (frozen or not); returns whether it was alive in the lifecycle. */
    boolean kill() {
        boolean wasAlive;
        synchronized (this) {
            wasAlive = die();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return wasAlive;
    }

    /**
     * Kills what the process left running in its group (children it started outlive it) and removes the group once
     * the kernel has seen them go, within a bounded wait.
     */
    private static void removeGroup(Cgroups.Group group) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<Long> left;
        while (!(left = group.pids()).isEmpty() && System.nanoTime() < deadline) {
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        group.close();
    }

    /** The process exited: returns whether that is news, that is, whether it was not killed. */
    synchronized boolean exited() {
        return die();
    }

    /**
     * Runs {@code then} once the process has exited, however it ended, and its final accounting has been read; always
     * on another thread, also when it has exited already, so that no caller's locks are held.
     */
    void onExit(Runnable then) {
        exited.thenRunAsync(then);
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean waitForExit(long millis) throws InterruptedException {
        try {
            exited.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    /**
     * Max Memory Used as Lambda reports it, in MB rounded up: the group's peak where the process runs in one (what the
     * kernel charged the whole tree), its resident peak (VmHWM) otherwise.
     */
    long maxMemoryUsedMb() {
        return accounting().maxMemoryUsedMb();
    }

    /** Whether the kernel killed the tree at its memory limit. */
    boolean killedAtMemoryLimit() {
        return accounting().oomKills() > 0;
    }

    /** The tree's accounting now, or as it was when the process exited. */
    Accounting accounting() {
        return process.isAlive() || !exited.isDone() ? read() : last;
    }

    private Accounting read() {
        if (group == null) {
            long pid = process.pid();
            // Without a group, /proc knows a process only while it lives: keep what was last seen.
            return process.isAlive()
                    ? remember(new Accounting(ProcessCpu.treeSeconds(pid), 0, 0, ProcStatus.maxMemoryUsedMb(pid), 0))
                    : last;
        }
        long peak = group.memoryPeakBytes();
        return remember(new Accounting(
                group.cpuSeconds(),
                group.throttledPeriods(),
                group.periods(),
                (peak + (1 << 20) - 1) >> 20,
                group.oomKills()));
    }

    private Accounting remember(Accounting now) {
        last = now;
        return now;
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
