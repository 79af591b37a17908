package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.Cgroups;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Lambda service for one function: it routes each invocation to an idle execution environment (thawing it),
 * starts a new one when none is idle (a cold start, or with SnapStart the restore of a snapshot copy) up to the
 * reserved concurrency and at Lambda's scaling rate, throttles beyond them, reaps idle environments, and fronts it all
 * with an HTTP API-like endpoint.
 *
 * <pre>{@code
 * try (var lambda = LocalLambda.start(FunctionConfig.builder(dir, FunctionConfig.FUNCTION_HANDLER).build())) {
 *     URI api = lambda.endpoint();
 *     ...
 *     List<InvocationRecord> records = lambda.records();
 * }
 * }</pre>
 *
 * <p>SnapStart: no process snapshot works here, so a snapshot is modelled as copies of the environment initialised
 * ahead ({@link #publish}) and frozen right after their before-checkpoint hooks, at the runtime's restore call. A
 * restore thaws one copy and answers that call; the runtime runs its after-restore hooks and polls for the invocation.
 * A restored copy is replaced by a new one initialised in the background, whose CPU time {@link #snapStart()} reports.
 */
public final class LocalLambda implements AutoCloseable {

    /**
     * An environment as seen from outside: its id, its process and its state, and its process tree's accounting (from
     * its control group, or from /proc when it runs unlimited: then no throttling is counted).
     */
    public record EnvironmentInfo(
            String id,
            long pid,
            String state,
            double cpuSeconds,
            long throttledPeriods,
            long periods,
            long maxMemoryUsedMb) {}

    /**
     * What publishing a SnapStart version did: the copies initialised, each copy's Init Duration (its
     * before-checkpoint hooks included), the wall time until all were checkpointed, and their CPU time.
     */
    public record Publication(int copies, List<Double> initMs, double wallMs, double cpuSeconds) {}

    /**
     * SnapStart over the service's life.
     *
     * @param published copies initialised by {@link #publish}
     * @param publishCpuSeconds their CPU time up to their checkpoints
     * @param restores invocations a snapshot copy was restored for
     * @param restoresThatWaited of those, the ones that found no copy ready and waited for one to initialise
     * @param copiesDuringRun copies initialised after publishing, replacing restored ones or for waiting invocations
     * @param copiesDuringRunCpuSeconds their CPU time up to their checkpoints: work Lambda does once per version,
     *     spent here while the function serves
     */
    public record SnapStartStats(
            int published,
            double publishCpuSeconds,
            long restores,
            long restoresThatWaited,
            int copiesDuringRun,
            double copiesDuringRunCpuSeconds) {}

    /**
     * The managed runtime environments model, and the JDK they run on.
     *
     * @param runtime the runtime's identifier, e.g. {@code java25}
     * @param javaMajor the major version of the JDK environments run on
     * @param javaHome that JDK
     * @param matchesRuntime whether that is the runtime's own major version
     * @param source where that JDK was found, or why none of the runtime's major was
     */
    public record RuntimeInfo(String runtime, int javaMajor, String javaHome, boolean matchesRuntime, String source) {}

    private final FunctionConfig config;
    private final Timeline.Origin origin = Timeline.Origin.now();
    private final PlatformLog platformLog;
    private final Signals signals = new Signals();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("lambda-timers"));
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("runtime-api"));
    private final Deque<Environment> idle = new ArrayDeque<>();
    private final Set<Environment> routable = new LinkedHashSet<>();
    private final Set<Environment> alive = new LinkedHashSet<>();
    /** SnapStart copies at their checkpoint, ready to be restored. */
    private final Deque<Environment> snapshots = new ArrayDeque<>();
    /** SnapStart copies initialising for the pool; each completes when checkpointed. */
    private final Map<Environment, CompletableFuture<Environment>> copiesStarting = new LinkedHashMap<>();
    /** SnapStart copies initialising for an invocation that found none ready. */
    private final Map<Environment, Invocation> awaiting = new LinkedHashMap<>();

    private final List<InvocationRecord> records = new CopyOnWriteArrayList<>();
    private final AtomicInteger environmentCounter = new AtomicInteger();
    private final AtomicLong throttles = new AtomicLong();
    private final BufferedWriter recordsOut;
    private final Thread shutdownHook = new Thread(this::killAll, "lambda-local-shutdown");
    private final HttpApiFront front;
    private final Path runtimeDir;
    private final JavaHomes.JavaHome javaHome;
    private final EnvironmentResources resources;
    private final Environment.Parts parts;
    private double scalingTokens;
    private long scalingRefilledNanos = System.nanoTime();
    private boolean closed;
    private int publishTarget;
    private int published;
    private double publishCpuSeconds;
    private long restores;
    private long restoresThatWaited;
    private int copiesDuringRun;
    private double copiesDuringRunCpuSeconds;

    private LocalLambda(FunctionConfig config, Cgroups.Availability cgroups) {
        this.config = config;
        this.platformLog = new PlatformLog(config.log(), config.memoryMb());
        this.javaHome = JavaHomes.find(config.runtime(), config.javaHome());
        this.resources = new EnvironmentResources(config, cgroups);
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
        parts = new Environment.Parts(
                config, this, signals, timers, handlers, runtimeDir, javaHome, resources, platformLog);
        scalingTokens = config.scalingRate();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long sweep = Math.max(100, Math.min(1000, config.idleTimeout().toMillis() / 4));
        timers.scheduleWithFixedDelay(this::reap, sweep, sweep, TimeUnit.MILLISECONDS);
        front = new HttpApiFront(this, config);
        config.log().accept("lambda-local: " + describe(runtime()));
        config.log().accept("lambda-local: " + resources.layout().describe());
    }

    /** Starts the service and its HTTP front; environments start on demand (or when {@link #publish}ed). */
    public static LocalLambda start(FunctionConfig config) {
        return new LocalLambda(config, Cgroups.detect());
    }

    /** As {@link #start(FunctionConfig)}, with the control groups found (or not) given. */
    static LocalLambda start(FunctionConfig config, Cgroups.Availability cgroups) {
        return new LocalLambda(config, cgroups);
    }

    /** The HTTP front, e.g. {@code http://127.0.0.1:3000/}. */
    public URI endpoint() {
        return front.endpoint();
    }

    /** The runtime environments model and the JDK they run on. */
    public RuntimeInfo runtime() {
        return new RuntimeInfo(
                config.runtime().id(),
                javaHome.major(),
                javaHome.home().toString(),
                javaHome.matches(),
                javaHome.source());
    }

    /** Each environment's CPU share and memory limit, whether they are enforced, and how they add up. */
    public ResourceLayout resources() {
        return resources.layout();
    }

    /**
     * SnapStart: publishes the version as Lambda does when SnapStart is on: {@code copies} environments run their init
     * and before-checkpoint hooks (an INIT_REPORT line each) and wait, frozen, to be restored; restores beyond them wait
     * for copies initialised then. Returns once every copy is at its checkpoint, within {@code patience}.
     *
     * @throws IllegalStateException when SnapStart is off, or a copy's init failed or did not finish in time (the
     *     copies are then killed)
     */
    public Publication publish(int copies, Duration patience) throws InterruptedException {
        if (!config.snapStart()) {
            throw new IllegalStateException("SnapStart is off for this function");
        }
        long started = System.nanoTime();
        var pending = new ArrayList<CompletableFuture<Environment>>();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the service is stopped");
            }
            publishTarget += copies;
            for (int i = 0; i < copies; i++) {
                pending.add(startCopy(Environment.Kind.PUBLISHED));
            }
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String reason = e instanceof TimeoutException
                    ? "the copies were not all checkpointed within " + Durations.format(patience)
                    : e.getCause().getMessage();
            killAll();
            throw new IllegalStateException("publishing failed: " + reason, e);
        }
        var initMs = new ArrayList<Double>();
        double cpu = 0;
        for (CompletableFuture<Environment> copy : pending) {
            Environment environment = copy.join();
            initMs.add(Math.round(environment.initMs() * 100) / 100.0);
            cpu += environment.checkpointCpuSeconds();
        }
        double wallMs = (System.nanoTime() - started) / 1e6;
        config.log()
                .accept(String.format(
                        Locale.ROOT,
                        "lambda-local: published %d SnapStart copies in %.1f s (%.1f CPU-seconds)",
                        copies,
                        wallMs / 1000,
                        cpu));
        return new Publication(copies, List.copyOf(initMs), wallMs, cpu);
    }

    /** SnapStart's copies, restores and the CPU time of copies initialised while the function served. */
    public synchronized SnapStartStats snapStart() {
        return new SnapStartStats(
                published, publishCpuSeconds, restores, restoresThatWaited, copiesDuringRun, copiesDuringRunCpuSeconds);
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

    /** Invocations rejected because concurrency or the scaling rate was exhausted. */
    public long throttles() {
        return throttles.get();
    }

    /**
     * Environments that are still processes: initializing, busy, idle (frozen), abandoned (frozen), and SnapStart
     * copies at their checkpoint (frozen) or restoring.
     */
    public List<EnvironmentInfo> environments() {
        List<Environment> all;
        synchronized (this) {
            all = new ArrayList<>(alive);
        }
        var result = new ArrayList<EnvironmentInfo>();
        for (Environment environment : all) {
            var accounting = environment.accounting();
            result.add(new EnvironmentInfo(
                    environment.id,
                    environment.pid(),
                    environment.state().name(),
                    accounting.cpuSeconds(),
                    accounting.throttledPeriods(),
                    accounting.periods(),
                    accounting.maxMemoryUsedMb()));
        }
        return result;
    }

    Invocation submit(byte[] event, long receivedNanos) {
        var invocation = new Invocation(event, Timeline.received(origin, receivedNanos));
        Environment started = null;
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
            String refused = routable.size() >= config.concurrencyLimit()
                    ? routable.size() + " of " + config.concurrencyLimit() + " environments busy"
                    : takeScalingToken()
                            ? null
                            : "scaling rate of " + config.scalingRate() + " new environments per 10 s reached";
            if (refused != null) {
                throttles.incrementAndGet();
                invocation.mark(Timeline.Event.THROTTLED, System.nanoTime());
                invocation.complete(
                        InvocationResult.failure(Outcome.THROTTLED, "TooManyRequestsException", "Rate Exceeded."),
                        "TooManyRequestsException: Rate Exceeded. (" + refused + ")");
                return invocation;
            }
            if (config.snapStart()) {
                restoreFor(invocation);
                return invocation;
            }
            started = Environment.coldStart("env-" + environmentCounter.incrementAndGet(), parts, invocation);
            routable.add(started);
            alive.add(started);
        }
        config.log().accept("lambda-local: " + started.id + " cold start (pid " + started.pid() + ")");
        return invocation;
    }

    /** Restores a ready snapshot copy for the invocation, or starts one for it when none is ready. */
    private void restoreFor(Invocation invocation) {
        Environment copy;
        while ((copy = snapshots.pollFirst()) != null) {
            if (copy.restore(invocation)) {
                restores++;
                routable.add(copy);
                config.log().accept("lambda-local: " + copy.id + " restored (pid " + copy.pid() + ")");
                if (config.replenishCopies() && snapshots.size() + copiesStarting.size() < publishTarget) {
                    startCopy(Environment.Kind.REPLENISHED);
                }
                return;
            }
        }
        invocation.mark(Timeline.Event.SNAPSHOT_AWAITED, System.nanoTime());
        var awaited = Environment.snapshotCopy(
                "env-" + environmentCounter.incrementAndGet(), Environment.Kind.AWAITED, parts);
        alive.add(awaited);
        routable.add(awaited);
        awaiting.put(awaited, invocation);
        restoresThatWaited++;
        config.log()
                .accept("lambda-local: " + awaited.id + " initialising a snapshot copy for a restore: none was ready"
                        + " (pid " + awaited.pid() + ")");
    }

    /** Starts a snapshot copy for the pool. Called under this object's lock. */
    private CompletableFuture<Environment> startCopy(Environment.Kind kind) {
        var copy = Environment.snapshotCopy("env-" + environmentCounter.incrementAndGet(), kind, parts);
        alive.add(copy);
        var checkpointed = new CompletableFuture<Environment>();
        copiesStarting.put(copy, checkpointed);
        return checkpointed;
    }

    /**
     * A snapshot copy reached its checkpoint: restored at once for the invocation waiting for it, or pooled. Its init's
     * CPU time is what publishing it cost, or, for copies started while the function serves, extra work to report.
     */
    void checkpointed(Environment copy) {
        CompletableFuture<Environment> pooled;
        synchronized (this) {
            if (closed || !alive.contains(copy)) {
                return;
            }
            if (copy.kind == Environment.Kind.PUBLISHED) {
                published++;
                publishCpuSeconds += copy.checkpointCpuSeconds();
            } else {
                copiesDuringRun++;
                copiesDuringRunCpuSeconds += copy.checkpointCpuSeconds();
            }
            Invocation waiting = awaiting.remove(copy);
            if (waiting != null) {
                if (copy.restore(waiting)) {
                    restores++;
                }
                return;
            }
            pooled = copiesStarting.remove(copy);
            snapshots.addLast(copy);
        }
        if (pooled != null) {
            pooled.complete(copy);
        }
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

    /** The environment is gone (or going): it leaves every set; what waited on it fails with {@code cause}. */
    void removed(Environment environment, String cause) {
        Invocation waiting;
        CompletableFuture<Environment> pooled;
        synchronized (this) {
            idle.remove(environment);
            routable.remove(environment);
            alive.remove(environment);
            snapshots.remove(environment);
            waiting = awaiting.remove(environment);
            pooled = copiesStarting.remove(environment);
        }
        if (waiting != null) {
            waiting.complete(
                    InvocationResult.failure(Outcome.INIT_ERROR, "Runtime.ExitError", "the snapshot copy failed"),
                    cause);
        }
        if (pooled != null) {
            pooled.completeExceptionally(new IllegalStateException(environment.id + ": " + cause));
        }
    }

    /**
     * Lambda's scaling rate: a bucket of {@link FunctionConfig#scalingRate()} new environments, refilled continuously
     * over {@link FunctionConfig#SCALING_WINDOW} and never above that (Lambda Developer Guide, <em>Lambda scaling
     * behavior</em>).
     */
    private boolean takeScalingToken() {
        long now = System.nanoTime();
        double perNano = config.scalingRate() / (double) FunctionConfig.SCALING_WINDOW.toNanos();
        scalingTokens = Math.min(config.scalingRate(), scalingTokens + (now - scalingRefilledNanos) * perNano);
        scalingRefilledNanos = now;
        if (scalingTokens < 1) {
            return false;
        }
        scalingTokens -= 1;
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
                        removed(environment, "reaped");
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
            snapshots.clear();
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

    private static String describe(RuntimeInfo runtime) {
        return runtime.matchesRuntime()
                ? runtime.runtime() + " runtime on JDK " + runtime.javaMajor() + " (" + runtime.javaHome() + ", "
                        + runtime.source() + ")"
                : runtime.runtime() + "'s JVM options on JDK " + runtime.javaMajor() + " (" + runtime.javaHome()
                        + "), not the runtime's Java version: " + runtime.source();
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
