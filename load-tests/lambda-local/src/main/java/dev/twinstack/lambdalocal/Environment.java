package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.Durations;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: its {@link EnvironmentProcess} (AWS's runtime interface client inside the unpacked
 * function) and its {@link RuntimeApiServer}. It hands the process one invocation at a time, freezes it while it
 * waits, enforces the init, restore and function timeouts, and ends each invocation as Lambda would.
 *
 * <p>An environment starts in one of two ways. On demand, for the invocation that found no idle environment: its init
 * has {@link FunctionConfig#initTimeout()} (10 s on Lambda), after which its process is stopped and started again
 * inside that invocation, within the function timeout. Or, with SnapStart, as a snapshot copy: its init and
 * before-checkpoint hooks run when the version is published, then the runtime asks for its restore and is frozen
 * there; the service later restores it for an invocation, the runtime runs its after-restore hooks (within {@link
 * FunctionConfig#restoreTimeout()}) and polls for that invocation.
 *
 * <p>A restarted init gets a new process and a new Runtime API server (a new generation): calls still in flight from
 * the stopped process find a generation that is over and are ignored.
 */
final class Environment {

    /** Wakes a runtime's pending poll when the environment goes away. */
    private static final Invocation SHUTDOWN = new Invocation(new byte[0], Timeline.received(Timeline.Origin.now(), 0));

    private static final String SNAPSTART_EXCEPTION = "SnapStartException";
    private static final String SNAPSTART_TIMEOUT = "SnapStartTimeoutException";

    /** Why the environment exists: the invocation it was started for, or a snapshot copy. */
    enum Kind {
        ON_DEMAND,
        /** A snapshot copy published before any invocation. */
        PUBLISHED,
        /** A snapshot copy started to replace one that was restored. */
        REPLENISHED,
        /** A snapshot copy started for an invocation that found no copy ready. */
        AWAITED
    }

    final String id;
    final Kind kind;
    private final FunctionConfig config;
    private final LocalLambda service;
    private final Signals signals;
    private final ScheduledExecutorService timers;
    private final ExecutorService handlers;
    private final Path runtimeDir;
    private final JavaHomes.JavaHome javaHome;
    private final EnvironmentResources resources;
    private final PlatformLog log;
    private final BlockingQueue<Invocation> inbox = new LinkedBlockingQueue<>();
    /** Completes with true when a restore is answered, with false when the environment goes away first. */
    private final CompletableFuture<Boolean> restoreAnswer = new CompletableFuture<>();

    // Guarded by this.
    private int generation;
    private EnvironmentProcess process;
    private RuntimeApiServer api;
    private ScheduledFuture<?> initTimer;
    private ScheduledFuture<?> restoreTimer;
    private Invocation current;
    private Invocation restoring;
    private ScheduledFuture<?> timeout;
    private long initializedNanos = -1;
    private double initMs = -1;
    private double checkpointCpuSeconds;
    private boolean failed;

    private Environment(String id, Kind kind, Parts parts) {
        this.id = id;
        this.kind = kind;
        this.config = parts.config();
        this.service = parts.service();
        this.signals = parts.signals();
        this.timers = parts.timers();
        this.handlers = parts.handlers();
        this.runtimeDir = parts.runtimeDir();
        this.javaHome = parts.javaHome();
        this.resources = parts.resources();
        this.log = parts.log();
    }

    /** The parts every environment of one service shares. */
    record Parts(
            FunctionConfig config,
            LocalLambda service,
            Signals signals,
            ScheduledExecutorService timers,
            ExecutorService handlers,
            Path runtimeDir,
            JavaHomes.JavaHome javaHome,
            EnvironmentResources resources,
            PlatformLog log) {}

    /** Starts an environment for {@code first}: an on-demand cold start. */
    static Environment coldStart(String id, Parts parts, Invocation first) {
        var environment = new Environment(id, Kind.ON_DEMAND, parts);
        synchronized (environment) {
            environment.launch();
            first.takenBy(id, Timeline.Event.COLD_START, environment.process.startedNanos());
            environment.inbox.add(first);
            environment.initTimer = parts.timers()
                    .schedule(
                            environment.initTimeout(environment.generation),
                            parts.config().initTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
        }
        return environment;
    }

    /**
     * Starts a SnapStart snapshot copy: it initialises and stops at its checkpoint, where the service pools it or
     * restores it for an invocation waiting for it. Lambda's 10 s init limit does not apply to it.
     */
    static Environment snapshotCopy(String id, Kind kind, Parts parts) {
        var environment = new Environment(id, kind, parts);
        synchronized (environment) {
            environment.launch();
        }
        return environment;
    }

    /** Starts a process (a new generation) with a Runtime API of its own. Called under this object's lock. */
    private void launch() {
        int number = ++generation;
        var server = new RuntimeApiServer(id, new Calls(number), handlers);
        EnvironmentProcess started;
        try {
            started = EnvironmentProcess.start(
                    id,
                    ManagedJavaRuntime.command(config, javaHome, runtimeDir, id),
                    config.functionDir(),
                    ManagedJavaRuntime.environment(config, server.address(), id),
                    resources.group(id),
                    signals,
                    line -> config.log().accept("[" + id + "] " + line));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        api = server;
        process = started;
        initializedNanos = -1;
        started.onExit(() -> onExit(number, started));
        server.start();
    }

    synchronized long pid() {
        return process.pid();
    }

    synchronized EnvironmentProcess.State state() {
        return process.state();
    }

    synchronized EnvironmentProcess.Accounting accounting() {
        return process.accounting();
    }

    /** Since when it has been in its current state, e.g. idle ({@link System#nanoTime()}). */
    synchronized long stateSinceNanos() {
        return process.stateSinceNanos();
    }

    /** A snapshot copy's init, publish to checkpoint, in ms; -1 before its checkpoint. */
    synchronized double initMs() {
        return initMs;
    }

    /** A snapshot copy's CPU time up to its checkpoint: what publishing (or replenishing) it cost. */
    synchronized double checkpointCpuSeconds() {
        return checkpointCpuSeconds;
    }

    /** Hands an invocation to this idle environment, thawing it first; false when it is no longer idle. */
    boolean assign(Invocation invocation) {
        EnvironmentProcess p;
        synchronized (this) {
            p = process;
        }
        if (!p.claim()) {
            return false;
        }
        invocation.takenBy(id, Timeline.Event.ROUTED, System.nanoTime());
        inbox.add(invocation);
        return true;
    }

    /**
     * SnapStart: restores this checkpointed copy for {@code invocation}: thaws it and answers its restore call (after
     * the configured snapshot loading time), so that its runtime runs its after-restore hooks and polls for the
     * invocation. False when the copy is no longer checkpointed.
     */
    boolean restore(Invocation invocation) {
        synchronized (this) {
            if (!process.restore()) {
                return false;
            }
            restoring = invocation;
        }
        invocation.takenBy(id, Timeline.Event.RESTORED, System.nanoTime());
        inbox.add(invocation);
        long load = config.snapshotLoad().toMillis();
        if (load > 0) {
            timers.schedule(() -> restoreAnswer.complete(true), load, TimeUnit.MILLISECONDS);
        } else {
            restoreAnswer.complete(true);
        }
        return true;
    }

    /** Stops routing here; the process stays frozen, its connections open, until {@link #kill()}. */
    synchronized boolean abandon() {
        return process.abandon();
    }

    void kill() {
        EnvironmentProcess p;
        RuntimeApiServer server;
        synchronized (this) {
            p = process;
            server = api;
        }
        p.kill();
        inbox.add(SHUTDOWN);
        restoreAnswer.complete(false);
        server.close();
    }

    boolean waitForExit(long millis) throws InterruptedException {
        EnvironmentProcess p;
        synchronized (this) {
            p = process;
        }
        return p.waitForExit(millis);
    }

    /** The Runtime API calls of one generation of the environment's process. */
    private final class Calls implements RuntimeApiServer.Handler {

        private final int number;

        Calls(int number) {
            this.number = number;
        }

        private boolean over() {
            synchronized (Environment.this) {
                return number != generation;
            }
        }

        @Override
        public RuntimeApiServer.Delivery next() {
            return over() ? null : Environment.this.next();
        }

        @Override
        public Runnable response(String requestId, byte[] payload, long nanos) {
            return over() ? null : Environment.this.response(requestId, payload, nanos);
        }

        @Override
        public Runnable error(String requestId, RuntimeApiServer.ReportedError error, long nanos) {
            return over() ? null : Environment.this.error(requestId, error, nanos);
        }

        @Override
        public Runnable initError(RuntimeApiServer.ReportedError error) {
            return over() ? () -> {} : Environment.this.initError(error);
        }

        @Override
        public boolean restoreNext() {
            return !over() && Environment.this.restoreNext();
        }

        @Override
        public Runnable restoreError(RuntimeApiServer.ReportedError error) {
            return over() ? () -> {} : Environment.this.restoreError(error);
        }
    }

    private RuntimeApiServer.Delivery next() {
        EnvironmentProcess p;
        synchronized (this) {
            p = process;
            if (initializedNanos < 0) {
                initializedNanos = System.nanoTime();
                cancel(initTimer);
                cancel(restoreTimer);
            }
        }
        // Back from an invocation with nothing routed here: frozen until the next one thaws it, as Lambda does.
        p.freezeIfWaiting();
        Invocation invocation;
        try {
            invocation = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (invocation == SHUTDOWN) {
            return null;
        }
        synchronized (this) {
            if (process.state() == EnvironmentProcess.State.DEAD) {
                invocation.complete(
                        InvocationResult.failure(
                                Outcome.FUNCTION_ERROR, "Runtime.ExitError", "the environment stopped"),
                        "Runtime.ExitError: the environment stopped before the invocation was delivered");
                return null;
            }
            process.initialized();
            current = invocation;
            if (invocation.timeline().cold() && !invocation.timeline().has(Timeline.Event.INITIALIZED)) {
                invocation.mark(Timeline.Event.INITIALIZED, initializedNanos);
            }
            if (timeout == null) {
                armTimeout(invocation);
            }
        }
        invocation.mark(Timeline.Event.DELIVERED, System.nanoTime());
        return new RuntimeApiServer.Delivery(
                invocation.requestId(),
                invocation.event(),
                System.currentTimeMillis() + config.timeout().toMillis(),
                ManagedJavaRuntime.functionArn(config),
                traceId(invocation),
                // Logged once the event is on its way, so that writing the log is no part of the measured overhead.
                () -> log.start(invocation.requestId()));
    }

    private void armTimeout(Invocation invocation) {
        timeout = timers.schedule(() -> onTimeout(invocation), config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Runnable response(String requestId, byte[] payload, long nanos) {
        Invocation invocation = returned(requestId, nanos);
        if (invocation == null) {
            return null;
        }
        invocation.complete(InvocationResult.success(payload), null);
        return () -> log.end(invocation.requestId(), invocation.timeline(), maxMemoryUsedMb());
    }

    private Runnable error(String requestId, RuntimeApiServer.ReportedError error, long nanos) {
        Invocation invocation = returned(requestId, nanos);
        if (invocation == null) {
            return null;
        }
        invocation.complete(new InvocationResult(Outcome.FUNCTION_ERROR, error.type(), error.body()), error.cause());
        return () -> log.end(invocation.requestId(), invocation.timeline(), maxMemoryUsedMb());
    }

    /**
     * Init failed (a snapshot copy's before-checkpoint hooks included, which the client reports as {@code
     * Runtime.BeforeCheckpointError}). The invocation waiting for it fails before the runtime has its answer: the
     * client exits right after, and its exit must not be reported as well.
     */
    private Runnable initError(RuntimeApiServer.ReportedError error) {
        double ms;
        synchronized (this) {
            failed = true;
            ms = sinceStartMs();
        }
        String cause = error.type() + ": " + error.document().message();
        service.removed(this, cause);
        failPending(new InvocationResult(Outcome.INIT_ERROR, error.type(), error.body()), cause);
        return () -> {
            log.initFailed(ms, "error", error.type());
            kill();
        };
    }

    /** SnapStart: init and the before-checkpoint hooks are done; the copy waits here for its restore. */
    private boolean restoreNext() {
        EnvironmentProcess p;
        synchronized (this) {
            p = process;
            if (!p.checkpointed()) {
                return false;
            }
            initMs = sinceStartMs();
            checkpointCpuSeconds = p.accounting().cpuSeconds();
        }
        log.published(initMs);
        service.checkpointed(this);
        // Frozen as the snapshot, unless the service restored it at once.
        p.freezeIfWaiting();
        boolean answer;
        try {
            answer = restoreAnswer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
        if (!answer) {
            return false;
        }
        synchronized (this) {
            if (restoring == null || process.state() != EnvironmentProcess.State.RESTORING) {
                return false;
            }
            Invocation invocation = restoring;
            invocation.mark(Timeline.Event.RESUMED, System.nanoTime());
            restoreTimer = timers.schedule(
                    () -> onRestoreTimeout(invocation), config.restoreTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** An after-restore hook failed: Lambda's Invoke answers SnapStartException; the client exits right after. */
    private Runnable restoreError(RuntimeApiServer.ReportedError error) {
        Invocation invocation;
        double ms;
        synchronized (this) {
            failed = true;
            invocation = restoring;
            cancel(restoreTimer);
            ms = invocation == null ? 0 : (System.nanoTime() - restoredNanos(invocation)) / 1e6;
        }
        // Gone from the service before the invocation fails, so that the next one never finds it.
        service.removed(this, error.type());
        failPending(
                InvocationResult.failure(
                        Outcome.INIT_ERROR,
                        SNAPSTART_EXCEPTION,
                        "The afterRestore() runtime hook encountered an error. For more information, check the "
                                + "Amazon CloudWatch logs."),
                SNAPSTART_EXCEPTION + ": " + error.type() + ": "
                        + error.document().message());
        return () -> {
            log.restoreFailed(ms, "error", error.type());
            kill();
        };
    }

    private void onRestoreTimeout(Invocation invocation) {
        double ms;
        synchronized (this) {
            if (initializedNanos >= 0 || failed || process.state() != EnvironmentProcess.State.RESTORING) {
                return;
            }
            failed = true;
            ms = (System.nanoTime() - restoredNanos(invocation)) / 1e6;
        }
        log.restoreFailed(ms, "timeout", null);
        kill();
        service.removed(this, SNAPSTART_TIMEOUT);
        failPending(
                InvocationResult.failure(
                        Outcome.INIT_ERROR,
                        SNAPSTART_TIMEOUT,
                        "Lambda couldn't restore the snapshot within the timeout limit."),
                SNAPSTART_TIMEOUT + ": the after-restore hooks did not finish within "
                        + Durations.format(config.restoreTimeout()));
    }

    private static long restoredNanos(Invocation invocation) {
        return invocation.timeline().at(Timeline.Event.RESTORED).orElse(System.nanoTime());
    }

    /** The function's answer ends the invocation in flight; null when {@code requestId} is not that invocation. */
    private Invocation returned(String requestId, long nanos) {
        Invocation invocation;
        synchronized (this) {
            if (current == null || !current.requestId().equals(requestId)) {
                return null;
            }
            invocation = current;
            current = null;
            cancel(timeout);
            timeout = null;
            invocation.mark(Timeline.Event.RETURNED, nanos);
            process.released();
        }
        service.idle(this);
        return invocation;
    }

    private void onTimeout(Invocation invocation) {
        long maxMemory;
        synchronized (this) {
            if (current != invocation) {
                return;
            }
            current = null;
            maxMemory = process.maxMemoryUsedMb();
            invocation.mark(Timeline.Event.ABORTED, System.nanoTime());
        }
        String timedOut = LogLines.timedOut(config.timeout());
        kill();
        service.removed(this, "Sandbox.Timedout");
        invocation.complete(
                InvocationResult.failure(
                        Outcome.TIMEOUT,
                        "Sandbox.Timedout",
                        "RequestId: " + invocation.requestId() + " Error: " + timedOut),
                "Sandbox.Timedout: " + timedOut);
        log.timedOut(invocation.requestId(), config.timeout());
        log.end(invocation.requestId(), invocation.timeline(), maxMemory);
    }

    /**
     * Lambda's on-demand init limit: an init that has not finished after {@link FunctionConfig#initTimeout()} is
     * stopped and runs again at the first invocation, within the function timeout (Lambda Developer Guide, <em>Lambda
     * execution environment</em>, Init phase). Here the process is stopped and a new one started for the invocation
     * waiting for it; the invocation's Duration runs from that second start.
     */
    private Runnable initTimeout(int number) {
        return () -> {
            EnvironmentProcess stopped;
            RuntimeApiServer stoppedApi;
            Invocation waiting;
            double ms;
            synchronized (this) {
                if (number != generation || initializedNanos >= 0 || failed) {
                    return;
                }
                waiting = inbox.peek();
                if (waiting == null || waiting == SHUTDOWN || waiting.timeline().has(Timeline.Event.INIT_RERUN)) {
                    return;
                }
                ms = sinceStartMs();
                stopped = process;
                stoppedApi = api;
                stopped.kill();
                stoppedApi.close();
                try {
                    launch();
                } catch (RuntimeException e) {
                    failed = true;
                    waiting = null;
                }
                if (waiting != null) {
                    waiting.mark(Timeline.Event.INIT_RERUN, process.startedNanos());
                    current = waiting;
                    armTimeout(waiting);
                }
            }
            log.initFailed(ms, "timeout", null);
            if (waiting == null) {
                failPending(
                        InvocationResult.failure(
                                Outcome.INIT_ERROR, "Sandbox.Timedout", "the init could not be started again"),
                        "Sandbox.Timedout: init did not finish within "
                                + config.initTimeout().toSeconds() + " s and could not be started again");
                service.removed(this, "Sandbox.Timedout");
            }
        };
    }

    private void onExit(int number, EnvironmentProcess exited) {
        Invocation running;
        boolean initialized;
        boolean checkpointed;
        RuntimeApiServer server;
        synchronized (this) {
            if (number != generation || !exited.exited() || failed) {
                return;
            }
            server = api;
            running = current;
            current = null;
            cancel(timeout);
            initialized = initializedNanos >= 0;
            checkpointed = initMs >= 0;
        }
        String message = "Runtime exited with error: " + exitDescription(exited);
        String cause = "Runtime.ExitError: " + message
                + (exited.killedAtMemoryLimit() ? " (killed at the " + config.memoryMb() + " MB memory limit)" : "");
        server.close();
        service.removed(this, cause);
        if (running != null) {
            running.complete(
                    InvocationResult.failure(
                            Outcome.FUNCTION_ERROR,
                            "Runtime.ExitError",
                            "RequestId: " + running.requestId() + " Error: " + message),
                    cause);
            log.end(running.requestId(), running.timeline(), exited.maxMemoryUsedMb());
        }
        if (!initialized && !checkpointed) {
            log.initFailed(sinceStartMs(), "error", "Runtime.ExitError");
        } else if (!initialized) {
            log.restoreFailed(0, "error", "Runtime.ExitError");
        }
        failPending(InvocationResult.failure(Outcome.INIT_ERROR, "Runtime.ExitError", message), cause);
    }

    /**
     * How Lambda words a runtime's end: {@code exit status N}, or {@code signal: killed} for a process killed by
     * SIGKILL (at the memory limit, for one), whose exit value the JVM gives as 128 + 9.
     */
    private static String exitDescription(EnvironmentProcess exited) {
        int value = exited.exitValue();
        return switch (value) {
            case 137 -> "signal: killed";
            case 134 -> "signal: aborted";
            case 139 -> "signal: segmentation fault";
            default -> "exit status " + value;
        };
    }

    private void failPending(InvocationResult result, String cause) {
        Invocation pending;
        while ((pending = inbox.poll()) != null) {
            if (pending != SHUTDOWN) {
                pending.complete(result, cause);
            }
        }
        synchronized (this) {
            if (current != null) {
                current.complete(result, cause);
                current = null;
            }
        }
    }

    private long maxMemoryUsedMb() {
        EnvironmentProcess p;
        synchronized (this) {
            p = process;
        }
        return p.maxMemoryUsedMb();
    }

    private synchronized double sinceStartMs() {
        return (System.nanoTime() - process.startedNanos()) / 1e6;
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static String traceId(Invocation invocation) {
        String hex = invocation.requestId().replace("-", "");
        return "Root=1-" + Long.toHexString(invocation.timeline().receivedAt().getEpochSecond()) + "-"
                + hex.substring(0, 24) + ";Parent=" + hex.substring(16, 32) + ";Sampled=0";
    }
}
