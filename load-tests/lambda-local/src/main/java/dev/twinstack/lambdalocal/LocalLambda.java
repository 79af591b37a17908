package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.Durations;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Lambda service for one function: it routes each invocation to an idle execution environment (thawing it),
 * starts a new one when none is idle (a cold start) up to the reserved concurrency, throttles beyond it, reaps idle
 * environments, and fronts it all with an HTTP API-like endpoint.
 *
 * <pre>{@code
 * try (var lambda = LocalLambda.start(FunctionConfig.builder(dir, FunctionConfig.QUARKUS_HANDLER).build())) {
 *     URI api = lambda.endpoint();
 *     ...
 *     List<InvocationRecord> records = lambda.records();
 * }
 * }</pre>
 */
public final class LocalLambda implements AutoCloseable {

    /** An environment as seen from outside: its id, its process and its state. */
    public record EnvironmentInfo(String id, long pid, String state) {}

    private final FunctionConfig config;
    private final Timeline.Origin origin = Timeline.Origin.now();
    private final PlatformLog platformLog;
    private final Signals signals = new Signals();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("lambda-timers"));
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("runtime-api"));
    private final Deque<Environment> idle = new ArrayDeque<>();
    private final Set<Environment> routable = new LinkedHashSet<>();
    private final Set<Environment> alive = new LinkedHashSet<>();
    private final List<InvocationRecord> records = new CopyOnWriteArrayList<>();
    private final AtomicInteger environmentCounter = new AtomicInteger();
    private final AtomicLong throttles = new AtomicLong();
    private final BufferedWriter recordsOut;
    private final Thread shutdownHook = new Thread(this::killAll, "lambda-local-shutdown");
    private final HttpApiFront front;
    private double scaleOutTokens;
    private long scaleOutRefilledNanos = System.nanoTime();
    private boolean closed;
    private final Path runtimeDir;

    private LocalLambda(FunctionConfig config) {
        this.config = config;
        this.platformLog = new PlatformLog(config.log(), config.memoryMb());
        try {
            recordsOut = config.recordsFile() == null
                    ? null
                    : Files.newBufferedWriter(
                            config.recordsFile(),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config.recordsFile(), e);
        }
        try {
            runtimeDir = Files.createTempDirectory("lambda-local-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runtime directory", e);
        }
        ManagedJavaRuntime.unpackNativeClient(runtimeDir);
        scaleOutTokens = Math.max(1, config.scaleOutPerSecond());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long sweep = Math.max(100, Math.min(1000, config.idleTimeout().toMillis() / 4));
        timers.scheduleWithFixedDelay(this::reap, sweep, sweep, TimeUnit.MILLISECONDS);
        front = new HttpApiFront(this, config);
    }

    /** Starts the service and its HTTP front; environments start on demand. */
    public static LocalLambda start(FunctionConfig config) {
        return new LocalLambda(config);
    }

    /** The HTTP front, e.g. {@code http://127.0.0.1:3000/}. */
    public URI endpoint() {
        return front.endpoint();
    }

    /** Invokes the function with a raw event, as Lambda's Invoke API would (no integration timeout). */
    public InvocationResult invoke(byte[] event) throws InterruptedException {
        Invocation invocation = submit(event, System.nanoTime());
        try {
            Invocation.Completion completion = invocation.completion().get();
            finish(invocation, completion.result(), 0, completion.cause(), System.nanoTime());
            return completion.result();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every invocation so far, in completion order. */
    public List<InvocationRecord> records() {
        return List.copyOf(records);
    }

    /** Invocations rejected because concurrency or the scale-out rate was exhausted. */
    public long throttles() {
        return throttles.get();
    }

    /** Environments that are still processes: initializing, busy, idle (frozen) or abandoned (frozen). */
    public synchronized List<EnvironmentInfo> environments() {
        var result = new ArrayList<EnvironmentInfo>();
        for (Environment environment : alive) {
            result.add(new EnvironmentInfo(
                    environment.id, environment.pid(), environment.state().name()));
        }
        return result;
    }

    Invocation submit(byte[] event, long receivedNanos) {
        var invocation = new Invocation(event, Timeline.received(origin, receivedNanos));
        Environment cold = null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the service is stopped");
            }
            Environment warm;
            while ((warm = idle.pollFirst()) != null) {
                if (warm.assign(invocation)) {
                    return invocation;
                }
            }
            if (routable.size() >= config.reservedConcurrency() || !takeScaleOutToken()) {
                throttles.incrementAndGet();
                invocation.mark(Timeline.Event.THROTTLED, System.nanoTime());
                invocation.complete(
                        InvocationResult.failure(Outcome.THROTTLED, "TooManyRequestsException", "Rate Exceeded."),
                        "TooManyRequestsException: Rate Exceeded. (" + routable.size() + " of "
                                + config.reservedConcurrency() + " environments busy)");
                return invocation;
            }
            String id = "env-" + environmentCounter.incrementAndGet();
            cold = new Environment(id, config, this, signals, timers, handlers, runtimeDir, platformLog, invocation);
            routable.add(cold);
            alive.add(cold);
        }
        config.log().accept("lambda-local: " + cold.id + " cold start (pid " + cold.pid() + ")");
        return invocation;
    }

    /**
     * Records an invocation whose client was answered at {@code repliedNanos}, with what the client saw. The record is
     * written once its environment is done with it too (at once, unless the front gave up first), so that it holds
     * the function's whole run.
     */
    void finish(Invocation invocation, InvocationResult answered, int status, String cause, long repliedNanos) {
        invocation.mark(Timeline.Event.REPLIED, repliedNanos);
        invocation
                .completion()
                .thenRun(() -> record(
                        InvocationRecord.of(invocation.requestId(), invocation.timeline(), answered, status, cause)));
    }

    private void record(InvocationRecord record) {
        records.add(record);
        if (recordsOut != null) {
            synchronized (recordsOut) {
                try {
                    recordsOut.write(Json.MAPPER.writeValueAsString(record));
                    recordsOut.newLine();
                    recordsOut.flush();
                } catch (IOException e) {
                    config.log().accept("lambda-local: cannot write a record: " + e.getMessage());
                }
            }
        }
    }

    synchronized void idle(Environment environment) {
        if (routable.contains(environment)) {
            idle.addFirst(environment);
        }
    }

    synchronized void removed(Environment environment) {
        idle.remove(environment);
        routable.remove(environment);
        alive.remove(environment);
    }

    private boolean takeScaleOutToken() {
        if (config.scaleOutPerSecond() <= 0) {
            return true;
        }
        long now = System.nanoTime();
        scaleOutTokens = Math.min(
                Math.max(1, config.scaleOutPerSecond()),
                scaleOutTokens + (now - scaleOutRefilledNanos) / 1e9 * config.scaleOutPerSecond());
        scaleOutRefilledNanos = now;
        if (scaleOutTokens < 1) {
            return false;
        }
        scaleOutTokens -= 1;
        return true;
    }

    private void reap() {
        long now = System.nanoTime();
        var abandoned = new ArrayList<Environment>();
        synchronized (this) {
            for (var it = idle.iterator(); it.hasNext(); ) {
                Environment environment = it.next();
                if (now - environment.stateSinceNanos() >= config.idleTimeout().toNanos() && environment.abandon()) {
                    it.remove();
                    routable.remove(environment);
                    abandoned.add(environment);
                }
            }
        }
        for (Environment environment : abandoned) {
            config.log()
                    .accept("lambda-local: " + environment.id + " idle for " + Durations.format(config.idleTimeout())
                            + ", abandoned (frozen, connections open) for "
                            + Durations.format(config.abandonPeriod()));
            timers.schedule(
                    () -> {
                        environment.kill();
                        removed(environment);
                        config.log().accept("lambda-local: " + environment.id + " reaped");
                    },
                    config.abandonPeriod().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the front and kills every environment; returns once their processes are gone. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        front.stop();
        killAll();
        timers.shutdownNow();
        handlers.shutdownNow();
        signals.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
        deleteRecursively(runtimeDir);
        if (recordsOut != null) {
            try {
                recordsOut.close();
            } catch (IOException e) {
                config.log().accept("lambda-local: cannot close the records: " + e.getMessage());
            }
        }
    }

    private void killAll() {
        List<Environment> all;
        synchronized (this) {
            all = new ArrayList<>(alive);
            alive.clear();
            routable.clear();
            idle.clear();
        }
        for (Environment environment : all) {
            environment.kill();
        }
        for (Environment environment : all) {
            try {
                if (!environment.waitForExit(5_000)) {
                    config.log().accept("lambda-local: " + environment.id + " did not exit");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    Duration integrationTimeout() {
        return config.integrationTimeout();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        var counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
