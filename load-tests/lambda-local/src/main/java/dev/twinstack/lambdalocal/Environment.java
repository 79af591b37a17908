package dev.twinstack.lambdalocal;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: its {@link EnvironmentProcess} (AWS's runtime interface client inside the unpacked
 * function) and its {@link RuntimeApiServer}. It hands the process one invocation at a time, freezes it while it
 * waits, enforces the init and function timeouts, and ends each invocation as Lambda would.
 */
final class Environment implements RuntimeApiServer.Handler {

    /** Wakes a runtime's pending poll when the environment goes away. */
    private static final Invocation SHUTDOWN = new Invocation(new byte[0], Timeline.received(Timeline.Origin.now(), 0));

    final String id;
    private final FunctionConfig config;
    private final LocalLambda service;
    private final ScheduledExecutorService timers;
    private final PlatformLog log;
    private final RuntimeApiServer api;
    private final EnvironmentProcess process;
    private final BlockingQueue<Invocation> inbox = new LinkedBlockingQueue<>();
    private final ScheduledFuture<?> initTimeout;

    private Invocation current;
    private ScheduledFuture<?> timeout;
    private long initializedNanos = -1;

    /** Starts an environment for {@code first}: a cold start. */
    Environment(
            String id,
            FunctionConfig config,
            LocalLambda service,
            Signals signals,
            ScheduledExecutorService timers,
            ExecutorService handlers,
            Path runtimeDir,
            PlatformLog log,
            Invocation first) {
        this.id = id;
        this.config = config;
        this.service = service;
        this.timers = timers;
        this.log = log;
        api = new RuntimeApiServer(id, this, handlers);
        try {
            process = EnvironmentProcess.start(
                    id,
                    ManagedJavaRuntime.command(config, runtimeDir, id),
                    config.functionDir(),
                    ManagedJavaRuntime.environment(config, api.address(), id),
                    signals,
                    line -> config.log().accept("[" + id + "] " + line));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        first.takenBy(id, Timeline.Event.COLD_START, process.startedNanos());
        inbox.add(first);
        // Lambda gives init 10 s, then runs an unfinished init again inside the first invocation, within the function
        // timeout; here the same init simply goes on for that long.
        initTimeout = timers.schedule(
                this::onInitTimeout, config.initTimeout().plus(config.timeout()).toMillis(), TimeUnit.MILLISECONDS);
        process.onExit(this::onExit);
        api.start();
    }

    long pid() {
        return process.pid();
    }

    EnvironmentProcess.State state() {
        return process.state();
    }

    /** Since when it has been idle, if it is ({@link System#nanoTime()}). */
    long stateSinceNanos() {
        return process.stateSinceNanos();
    }

    /** Hands an invocation to this idle environment, thawing it first; false when it is no longer idle. */
    boolean assign(Invocation invocation) {
        if (!process.claim()) {
            return false;
        }
        invocation.takenBy(id, Timeline.Event.ROUTED, System.nanoTime());
        inbox.add(invocation);
        return true;
    }

    /** Stops routing here; the process stays frozen, its connections open, until {@link #kill()}. */
    boolean abandon() {
        return process.abandon();
    }

    void kill() {
        process.kill();
        inbox.add(SHUTDOWN);
        api.close();
    }

    boolean waitForExit(long millis) throws InterruptedException {
        return process.waitForExit(millis);
    }

    @Override
    public RuntimeApiServer.Delivery next() {
        synchronized (this) {
            if (initializedNanos < 0) {
                initializedNanos = System.nanoTime();
                initTimeout.cancel(false);
            }
        }
        // Back from an invocation with nothing routed here: frozen until the next one thaws it, as Lambda does.
        process.freezeIfWaiting();
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
            if (invocation.timeline().cold()) {
                invocation.mark(Timeline.Event.INITIALIZED, initializedNanos);
            }
            timeout = timers.schedule(
                    () -> onTimeout(invocation), config.timeout().toMillis(), TimeUnit.MILLISECONDS);
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

    @Override
    public Runnable response(String requestId, byte[] payload, long nanos) {
        Invocation invocation = returned(requestId, nanos);
        if (invocation == null) {
            return null;
        }
        invocation.complete(InvocationResult.success(payload), null);
        return () -> log.end(invocation.requestId(), invocation.timeline(), process.maxMemoryUsedMb());
    }

    @Override
    public Runnable error(String requestId, RuntimeApiServer.ReportedError error, long nanos) {
        Invocation invocation = returned(requestId, nanos);
        if (invocation == null) {
            return null;
        }
        invocation.complete(new InvocationResult(Outcome.FUNCTION_ERROR, error.type(), error.body()), error.cause());
        return () -> log.end(invocation.requestId(), invocation.timeline(), process.maxMemoryUsedMb());
    }

    @Override
    public Runnable initError(RuntimeApiServer.ReportedError error) {
        return () -> {
            log.initFailed(sinceStartMs(), "error", error.type());
            failInit(
                    new InvocationResult(Outcome.INIT_ERROR, error.type(), error.body()),
                    error.type() + ": " + error.document().message());
        };
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
            timeout.cancel(false);
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
        service.removed(this);
        invocation.complete(
                InvocationResult.failure(
                        Outcome.TIMEOUT,
                        "Sandbox.Timedout",
                        "RequestId: " + invocation.requestId() + " Error: " + timedOut),
                "Sandbox.Timedout: " + timedOut);
        log.timedOut(invocation.requestId(), config.timeout());
        log.end(invocation.requestId(), invocation.timeline(), maxMemory);
    }

    private void onInitTimeout() {
        synchronized (this) {
            if (initializedNanos >= 0 || process.state() == EnvironmentProcess.State.DEAD) {
                return;
            }
        }
        log.initFailed(sinceStartMs(), "timeout", null);
        failInit(
                InvocationResult.failure(
                        Outcome.INIT_ERROR,
                        "Sandbox.Timedout",
                        "Init phase did not finish within "
                                + config.initTimeout().toSeconds() + " seconds"),
                "Sandbox.Timedout: init did not finish within "
                        + config.initTimeout().toSeconds() + " s");
    }

    private void failInit(InvocationResult result, String cause) {
        kill();
        service.removed(this);
        failPending(result, cause);
    }

    private void onExit() {
        Invocation running;
        boolean initialized;
        synchronized (this) {
            if (!process.exited()) {
                return;
            }
            running = current;
            current = null;
            initialized = initializedNanos >= 0;
        }
        String message = "Runtime exited with error: exit status " + process.exitValue();
        api.close();
        service.removed(this);
        if (running != null) {
            running.complete(
                    InvocationResult.failure(
                            Outcome.FUNCTION_ERROR,
                            "Runtime.ExitError",
                            "RequestId: " + running.requestId() + " Error: " + message),
                    "Runtime.ExitError: " + message);
        }
        if (!initialized) {
            log.initFailed(sinceStartMs(), "error", "Runtime.ExitError");
        }
        failPending(
                InvocationResult.failure(Outcome.INIT_ERROR, "Runtime.ExitError", message),
                "Runtime.ExitError: " + message);
    }

    private void failPending(InvocationResult result, String cause) {
        Invocation pending;
        while ((pending = inbox.poll()) != null) {
            if (pending != SHUTDOWN) {
                pending.complete(result, cause);
            }
        }
    }

    private double sinceStartMs() {
        return (System.nanoTime() - process.startedNanos()) / 1e6;
    }

    private static String traceId(Invocation invocation) {
        String hex = invocation.requestId().replace("-", "");
        return "Root=1-" + Long.toHexString(invocation.timeline().receivedAt().getEpochSecond()) + "-"
                + hex.substring(0, 24) + ";Parent=" + hex.substring(16, 32) + ";Sampled=0";
    }
}
