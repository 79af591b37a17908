package dev.twinstack.toolkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A process started by a {@link ProcessLauncher}: wait for it to be ready or to exit, signal it by pid, stop it. Every
 * wait has a limit; a failure message names the process and ends with the tail of its output.
 */
public final class LaunchedProcess {

    private static final int TAIL_LINES = 40;
    private static final long TAIL_BYTES = 64 * 1024;
    private static final long POLL_MILLIS = 50;
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Watchdog watchdog;
    private final Consumer<LaunchedProcess> released;
    private final Path log;
    private final boolean captured;
    private final long logStart;
    private final long startNanos;
    private final Set<ProcessHandle> adopted = ConcurrentHashMap.newKeySet();
    /** The last lines of output, where they pass through this JVM (lines mode). */
    private final Deque<String> recent = new ArrayDeque<>();

    private volatile Thread pump;

    private LaunchedProcess(
            String name,
            Process process,
            Watchdog watchdog,
            Consumer<LaunchedProcess> released,
            Path log,
            boolean captured,
            long logStart,
            long startNanos) {
        this.name = name;
        this.process = process;
        this.watchdog = watchdog;
        this.released = released;
        this.log = log;
        this.captured = captured;
        this.logStart = logStart;
        this.startNanos = startNanos;
    }

    static LaunchedProcess start(Launch launch, Watchdog watchdog, Consumer<LaunchedProcess> released)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launch.command()).redirectErrorStream(true);
        if (launch.directory() != null) {
            builder.directory(launch.directory().toFile());
        }
        if (launch.clearsEnvironment()) {
            builder.environment().clear();
        }
        builder.environment().putAll(launch.environment());
        Path log = launch.log();
        long logStart = 0;
        if (log != null) {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            logStart = Files.exists(log) ? Files.size(log) : 0;
        }
        if (launch.lines() != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        } else if (log != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        }
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start " + launch.name() + " (" + launch.command() + "): " + e.getMessage(), e);
        }
        LaunchedProcess launched = new LaunchedProcess(
                launch.name(),
                process,
                watchdog,
                released,
                log,
                log != null || launch.lines() != null,
                logStart,
                startNanos);
        try {
            watchdog.watch(process.pid());
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        if (launch.lines() != null) {
            launched.pump(launch.lines());
        }
        return launched;
    }

    /** The name messages use. */
    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The process's handle, for its descendants and the like. */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file the output is appended to, if any. */
    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }

    /**
     * Polls {@code readiness} until it holds and returns how long after the start that was. Fails at once, with the
     * tail of the output, when the process exits first; {@code deadline} is a safety net, after which the process is
     * killed and the wait fails.
     */
    public Duration awaitReady(Readiness readiness, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        Exception last = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + readiness
                        + " (after " + Durations.format(sinceStart()) + ")" + tailMessage());
            }
            try {
                if (readiness.ready(this)) {
                    return sinceStart();
                }
                last = null;
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!(e instanceof UncheckedIOException)) {
                    // A broken check, not a process that is not ready yet.
                    kill();
                    throw e;
                }
                last = e;
            } catch (Exception notYet) {
                last = notYet;
            }
            if (System.nanoTime() - end >= 0) {
                kill();
                throw new IllegalStateException(
                        name + " did not get to " + readiness + " within " + Durations.format(deadline)
                                + (last == null ? "" : " (last check: " + last + ")") + "; killed" + tailMessage(),
                        last);
            }
            // Waiting on the exit itself: a process that dies is noticed at once, not at the next poll.
            process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Waits up to {@code limit} for the exit; true if it exited. Output passed on line by line has all been passed on
     * by then (unless a descendant still holds the pipe open).
     */
    public boolean waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        Thread pump = this.pump;
        if (pump != null) {
            pump.join(OUTPUT_DRAIN.toMillis());
        }
        return true;
    }

    /**
     * Waits for the exit and returns the exit code; after {@code limit} the process is killed and the wait fails with
     * the tail of its output.
     */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!waitFor(limit)) {
            kill();
            throw new IllegalStateException(
                    name + " did not exit within " + Durations.format(limit) + "; killed" + tailMessage());
        }
        return process.exitValue();
    }

    /** The exit code; fails while the process runs. */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return process.exitValue();
    }

    /** Completes with the exit code when the process exits. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /**
     * Covers another process as part of this one: a daemon's own pid (from its pid file) when this process is only
     * its wrapper, such as {@code runuser}. The watchdog covers it, and {@link #stop} signals it first.
     */
    public void adopt(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> {
            adopted.add(handle);
            watchdog.watch(pid);
        });
    }

    /** Sends {@code signal} to this process (not to its descendants); false if it is gone. */
    public boolean signal(ProcessLauncher.Signal signal) {
        return watchdog.signal(signal.name(), process.pid());
    }

    /**
     * Stops this process: SIGTERM to it (and to the processes it adopted), up to {@code grace} for them to exit, then
     * SIGKILL to whatever is left of them and of their descendants. Descendants still alive after a clean exit are
     * killed too: nothing it started outlives it. Returns once all of them are gone (or after a bounded wait for the
     * kernel); never throws.
     */
    public void stop(Duration grace) {
        try {
            Set<ProcessHandle> tree = tree();
            if (!grace.isZero() && !grace.isNegative()) {
                List<ProcessHandle> leaders = new ArrayList<>(adopted);
                leaders.add(process.toHandle());
                leaders.forEach(ProcessHandle::destroy);
                // A frozen process handles the TERM only once thawed.
                leaders.forEach(p -> sendQuietly(ProcessLauncher.Signal.CONT, p.pid()));
                awaitGone(leaders, grace);
            }
            tree.addAll(tree());
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitGone(tree, KILL_WAIT);
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            tree().forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } finally {
            adopted.forEach(handle -> forgetQuietly(handle.pid()));
            adopted.clear();
            released.accept(this);
        }
    }

    /** {@link #stop} without grace: SIGKILL to the process, what it adopted and their descendants. */
    public void kill() {
        stop(Duration.ZERO);
    }

    /** The last lines this process wrote (from its log file or as they passed by), for messages. */
    public List<String> tail(int lines) {
        if (log != null) {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                long from = Math.max(logStart, file.length() - TAIL_BYTES);
                byte[] bytes = new byte[(int) (file.length() - from)];
                file.seek(from);
                file.readFully(bytes);
                List<String> all =
                        new String(bytes, StandardCharsets.UTF_8).lines().toList();
                return all.subList(Math.max(0, all.size() - lines), all.size());
            } catch (IOException e) {
                return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
            }
        }
        synchronized (recent) {
            List<String> all = List.copyOf(recent);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }
    }

    /** What this process appended to its log file, from its start on; empty without a log file. */
    String logText() throws IOException {
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - logStart)];
            file.seek(logStart);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private String tailMessage() {
        if (!captured) {
            return "; its output is not captured (inherited)";
        }
        List<String> tail = tail(TAIL_LINES);
        String where = log == null ? "its output" : log.toString();
        return tail.isEmpty()
                ? "; no output in " + where
                : tail.stream().collect(Collectors.joining("\n  ", "; last lines of " + where + ":\n  ", ""));
    }

    /** The process, the processes it adopted, and the descendants of all of them that are alive now. */
    private Set<ProcessHandle> tree() {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        List<ProcessHandle> leaders = new ArrayList<>(adopted);
        leaders.add(process.toHandle());
        for (ProcessHandle leader : leaders) {
            tree.add(leader);
            leader.descendants().forEach(tree::add);
        }
        return tree;
    }

    private static void awaitGone(Iterable<ProcessHandle> processes, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        for (ProcessHandle p : processes) {
            // Non-child processes cannot be waited for, only polled.
            while (p.isAlive() && System.nanoTime() - end < 0) {
                Thread.sleep(20);
            }
        }
    }

    /** From now on, the exit forgets the pid in the watchdog and releases this process from its launcher. */
    void releaseOnExit() {
        process.onExit().thenRun(this::exited);
    }

    private void exited() {
        forgetQuietly(process.pid());
        if (adopted.stream().noneMatch(ProcessHandle::isAlive)) {
            released.accept(this);
        }
    }

    private void sendQuietly(ProcessLauncher.Signal signal, long pid) {
        try {
            watchdog.signal(signal.name(), pid);
        } catch (IllegalStateException watchdogGone) {
            // Then TERM alone has to do.
        }
    }

    private void forgetQuietly(long pid) {
        try {
            watchdog.forget(pid);
        } catch (IllegalStateException watchdogGone) {
            // Nothing left to forget in.
        }
    }

    private void pump(Consumer<String> consumer) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            Writer file = log == null
                                    ? Writer.nullWriter()
                                    : Files.newBufferedWriter(
                                            log,
                                            StandardCharsets.UTF_8,
                                            StandardOpenOption.CREATE,
                                            StandardOpenOption.APPEND)) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            file.write(line);
                            file.write('\n');
                            file.flush();
                            synchronized (recent) {
                                recent.addLast(line);
                                if (recent.size() > TAIL_LINES) {
                                    recent.removeFirst();
                                }
                            }
                            consumer.accept(line);
                        }
                    } catch (IOException e) {
                        // The process is gone.
                    }
                },
                name + " output");
        pump.setDaemon(true);
        this.pump = pump;
        pump.start();
    }
}
