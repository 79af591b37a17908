package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.lambdalocal.FunctionConfig;
import dev.twinstack.lambdalocal.InvocationRecord;
import dev.twinstack.lambdalocal.LambdaRuntime;
import dev.twinstack.lambdalocal.LocalLambda;
import dev.twinstack.lambdalocal.ResourceLayout;
import dev.twinstack.lambdalocal.RuntimeVariables;
import dev.twinstack.results.EnvironmentResources;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.Pinning;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Restore;
import dev.twinstack.results.SnapStart;
import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Lambda targets: the real function.zip under the local Lambda service, configured as the SAM template deploys it
 * (memory size and so CPU share, runtime, timeout, SnapStart), reaching PostgreSQL through PgBouncer (the RDS Proxy
 * stand-in) or directly. With SnapStart, the version is published before the load: {@code lab.lambdaSnapshotCopies}
 * snapshot copies, each initialised and frozen at its checkpoint and none replaced during the load, so that the load's
 * cold starts are restores with no init running beside them. Its invocation records (restores, on-demand inits, environments, throttles) go into results.json.
 */
final class LambdaTarget implements Target {

    /** The Lambda targets the lab knows. */
    enum Variant {
        /** The template's configuration: SnapStart, through the proxy. */
        AS_DEPLOYED("lambda", "twinstack-lambda-deployed", true, true),
        /** The same without SnapStart: every cold start is an on-demand init. */
        ON_DEMAND("lambda-ondemand", "twinstack-lambda-ondemand", false, true),
        /** SnapStart, straight to the database: one connection per environment. */
        DIRECT("lambda-direct", "twinstack-lambda-direct", true, false),
        /** The hybrid target's Lambda side ({@link HybridTarget}): as deployed, behind the lab's gateway. */
        HYBRID("hybrid", "twinstack-hybrid-lambda", true, true);

        final String target;
        /** Distinct, none a prefix of another: the sampler matches connections by prefix. */
        final String applicationName;

        final boolean snapStart;
        final boolean throughProxy;

        Variant(String target, String applicationName, boolean snapStart, boolean throughProxy) {
            this.target = target;
            this.applicationName = applicationName;
            this.snapStart = snapStart;
            this.throughProxy = throughProxy;
        }

        static Optional<Variant> named(String name) {
            for (Variant variant : values()) {
                if (variant.target.equals(name)) {
                    return Optional.of(variant);
                }
            }
            return Optional.empty();
        }
    }

    private static final long POLL_MILLIS = 20;
    /** Publishing initialises every copy at its CPU share at once: on two shared cores that takes minutes at worst. */
    private static final Duration PUBLISH_PATIENCE = Duration.ofMinutes(5);

    private final Variant variant;
    private final LabSettings settings;
    private final DeployFiles.LambdaFunction function;
    private final boolean snapStart;
    /** On a loaded machine an on-demand environment may spend long in its init before it takes its invocation. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(30);

    private static final Duration KILL_LIMIT = Duration.ofSeconds(10);

    private final String jdbcUrl;
    private final Map<String, String> credentials;
    private final Auth auth;
    /** Set before start: the function's telemetry settings where the lab receives its spans (off otherwise). */
    private final Map<String, String> environment = new java.util.LinkedHashMap<>();

    private final Path logFile;
    private final PgBouncer bouncer;
    private final Progress progress;
    private PoolSampler pools;
    /** Between the environments and PgBouncer: this target's client sessions, judged by RDS Proxy's pinning rules. */
    private PinningTap tap;

    private final ConnectionBudget.LambdaInputs budgetInputs;
    private LocalLambda lambda;
    private LocalLambda.Publication publication;

    LambdaTarget(
            Variant variant,
            LabSettings settings,
            DeployFiles.LambdaFunction function,
            LabDatabase db,
            PgBouncer bouncer,
            Path logs,
            Progress progress,
            Auth auth) {
        this.auth = auth;
        this.variant = variant;
        this.settings = settings;
        this.function = function;
        // A template that deploys no SnapStart (a native packaging) has none to model.
        this.snapStart = variant.snapStart && function.snapStart();
        this.bouncer = variant.throughProxy ? bouncer : null;
        this.jdbcUrl = variant.throughProxy ? bouncer.jdbcUrl() : db.jdbcUrl();
        this.credentials =
                Map.of("QUARKUS_DATASOURCE_USERNAME", db.username(), "QUARKUS_DATASOURCE_PASSWORD", db.password());
        this.logFile = logs.resolve(variant.target + ".log");
        this.progress = progress;
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(settings.functionDir()));
        // The proxy's share, expressed as RDS Proxy's MaxConnectionsPercent of the lab database's max_connections.
        int percent = variant.throughProxy
                ? (int) Math.round(100.0 * settings.proxyPoolSize() / settings.maxConnections())
                : 100;
        this.budgetInputs = new ConnectionBudget.LambdaInputs(settings.lambdaConcurrency(), pool, percent);
    }

    @Override
    public String name() {
        return variant.target;
    }

    @Override
    public Auth auth() {
        return auth;
    }

    @Override
    public String description() {
        return "function.zip under the local Lambda service as the template deploys it (%s, %d MB, %s), %s,"
                        .formatted(
                                function.runtime(),
                                function.memoryMb(),
                                function.architecture(),
                                snapStart
                                        ? "SnapStart: " + settings.lambdaSnapshotCopies()
                                                + " snapshot copies published before the load"
                                        : "no SnapStart: on-demand cold starts")
                + " %d environments at most, %s"
                        .formatted(
                                settings.lambdaConcurrency(),
                                bouncer != null
                                        ? "through PgBouncer (pool " + settings.proxyPoolSize()
                                                + ", the RDS Proxy stand-in)"
                                        : "direct to PostgreSQL");
    }

    @Override
    public String applicationName() {
        return variant.applicationName;
    }

    /** The local Lambda service, once started: the hybrid gateway's function integration. */
    LocalLambda service() {
        return lambda;
    }

    @Override
    public String baseUrl() {
        String endpoint = lambda.endpoint().toString();
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /** Adds variables to the function's environment, before {@link #start}. */
    void environment(Map<String, String> variables) {
        environment.putAll(variables);
    }

    @Override
    public void start() throws Exception {
        String url = jdbcUrl;
        if (bouncer != null) {
            pools = new PoolSampler(bouncer, settings.sampleInterval().toMillis());
            tap = PinningTap.start(bouncer.port());
            url = "jdbc:postgresql://127.0.0.1:" + tap.port() + "/" + LabDatabase.SERVICE;
        }
        // Lambda's own rules hold (the 10 s on-demand init limit, the restore limit, the scaling rate): the service's
        // defaults. Telemetry stays off as the template deploys it without a collector (the function's default),
        // unless a target gave the function the lab's receiver (environment).
        var builder = FunctionConfig.builder(settings.functionDir(), FunctionConfig.FUNCTION_HANDLER)
                .functionName("twinstack")
                .runtime(LambdaRuntime.of(function.runtime()))
                .memoryMb(function.memoryMb())
                .timeout(Duration.ofSeconds(function.timeoutSeconds()))
                .snapStart(snapStart)
                .snapshotLoad(settings.lambdaSnapshotLoad())
                // Lambda initialises nothing after publishing: no copy initialises beside the measured requests.
                .replenishCopies(false)
                .reservedConcurrency(settings.lambdaConcurrency())
                .idleTimeout(settings.lambdaIdle())
                .abandonPeriod(settings.lambdaAbandon())
                // Local PostgreSQL speaks no TLS; the application name tells the targets apart in pg_stat_activity.
                .environment(
                        "QUARKUS_DATASOURCE_JDBC_URL", url + "?sslmode=disable&ApplicationName=" + applicationName())
                .log(this::log);
        // The JVM settings the template gives the function (JAVA_TOOL_OPTIONS and the like), as it deploys them.
        RuntimeVariables.of(CloudFormationTemplate.read(settings.template())).forEach(builder::environment);
        credentials.forEach(builder::environment);
        auth.environment().forEach(builder::environment);
        environment.forEach(builder::environment);
        auth.authorizer().ifPresent(builder::authorizer);
        lambda = LocalLambda.start(builder.build());
        progress.say("%s: %s; %s"
                .formatted(
                        name(), describe(lambda.runtime()), lambda.resources().describe()));
        if (snapStart) {
            // As after a deploy: the version is published (every copy initialised and checkpointed) before any
            // traffic, and the load then meets no warm environment, so its first requests are restores.
            progress.say("%s: publishing the version, %d SnapStart copies (each initialises at its CPU share) ..."
                    .formatted(name(), settings.lambdaSnapshotCopies()));
            publication = lambda.publish(settings.lambdaSnapshotCopies(), PUBLISH_PATIENCE);
            progress.say(String.format(
                    Locale.ROOT,
                    "%s: published in %.1f s (%.1f CPU-seconds), Init Duration %s ms",
                    name(),
                    publication.wallMs() / 1000,
                    publication.cpuSeconds(),
                    publication.initMs()));
        }
    }

    private static String describe(LocalLambda.RuntimeInfo runtime) {
        return "%s runtime on JDK %d%s"
                .formatted(
                        runtime.runtime(),
                        runtime.javaMajor(),
                        runtime.matchesRuntime()
                                ? ""
                                : " (no JDK " + runtime.runtime() + " here: " + runtime.source() + ")");
    }

    /** What this run could not model as Lambda does: resources not enforced, more CPU wanted than there is, the JDK. */
    @Override
    public List<String> caveats() {
        List<String> caveats = new ArrayList<>();
        ResourceLayout layout = lambda.resources();
        if (!layout.enforced()) {
            caveats.add("Lambda environments ran without their CPU share and memory limit (no control group could be"
                    + " created: " + layout.mechanism() + "): each could use whole cores, unlike on Lambda.");
        }
        if (layout.oversubscribed()) {
            caveats.add(String.format(
                    Locale.ROOT,
                    "%d Lambda environments at %.2f vCPU each add up to %.2f vCPU, more than this machine's %d CPUs:"
                            + " environments busy at once got less than Lambda would give them.",
                    layout.reservedConcurrency(),
                    layout.vcpusPerEnvironment(),
                    layout.vcpusAtConcurrency(),
                    layout.machineCpus()));
        }
        LocalLambda.RuntimeInfo runtime = lambda.runtime();
        if (!runtime.matchesRuntime()) {
            caveats.add("The %s runtime ran on JDK %d (%s): no JDK %d on this machine."
                    .formatted(runtime.runtime(), runtime.javaMajor(), runtime.javaHome(), runtime.source()));
        }
        return caveats;
    }

    private void log(String line) {
        try {
            Files.writeString(logFile, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The service records an invocation just after its answer has gone to the client: waits until every request the
     * client saw answered has its record, so that no late record is missing from the causes and extras.
     */
    @Override
    public boolean awaitRecorded(long answered, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (lambda.records().size() < answered) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Direct: concurrency × pool. Through the proxy: at most the proxy's pool, whatever the environments want. */
    @Override
    public ConnectionBudget.Bound predictedConnections() {
        var result = ConnectionBudget.compute(budgetInputs, null, settings.maxConnections());
        return result.bound(bouncer == null ? ConnectionBudget.LAMBDA_DIRECT : ConnectionBudget.LAMBDA);
    }

    /**
     * API Gateway answers a throttle and a function error alike (500), so the client cannot tell them apart; each
     * request is one invocation, whose record says how it ended. A failed request takes the cause of the next
     * invocation that ended with the same status, in the order both ended; one without such an invocation keeps what
     * the client saw.
     */
    @Override
    public Function<RequestRecord, Optional<ErrorCause>> causes() {
        return causesFrom(invocations());
    }

    static Function<RequestRecord, Optional<ErrorCause>> causesFrom(List<Invocation> invocations) {
        Map<Integer, Deque<Invocation>> failedByStatus = new HashMap<>();
        invocations.stream()
                .filter(i -> i.status() >= 500)
                .sorted(Comparator.comparing(Invocation::end))
                .forEach(i -> failedByStatus
                        .computeIfAbsent(i.status(), s -> new ArrayDeque<>())
                        .add(i));
        return request -> {
            Deque<Invocation> sameStatus = failedByStatus.get(request.status());
            Invocation invocation = sameStatus == null ? null : sameStatus.poll();
            return invocation == null
                    ? ErrorCause.ofStatus(request.status())
                    : ErrorCause.ofInvocation(invocation.outcome(), invocation.status());
        };
    }

    /**
     * The environment kill drill: waits for an environment with an invocation in flight, kills its process (SIGKILL,
     * as when Lambda's host fails under it) and observes the process gone; the local service then fails that
     * invocation as Lambda does when its runtime exits, and the next ones go to other or new environments.
     */
    @Override
    public void inject(DrillKind drill, FaultLog log) throws Exception {
        if (drill != DrillKind.KILL_ENV) {
            Target.super.inject(drill, log);
        }
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        while (true) {
            var busy = lambda.environments().stream()
                    .filter(e -> e.state().equals("BUSY"))
                    .findFirst();
            if (busy.isPresent()) {
                long pid = busy.get().pid();
                ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
                if (handle != null && ProcessLauncher.shared().signal(pid, ProcessLauncher.Signal.KILL)) {
                    log.observed("SIGKILL to environment " + busy.get().id() + " (pid " + pid
                            + ") with an invocation in flight");
                    handle.onExit().get(KILL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    log.end("environment " + busy.get().id() + "'s pid " + pid + " gone");
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new FaultLog.NotObserved("no environment had an invocation in flight for " + BUSY_WAIT);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public Extras extras() {
        if (tap != null) {
            PinningTap.Counts counts = tap.counts();
            progress.say("%s: %d client sessions through the RDS Proxy stand-in, %d would pin on RDS Proxy%s"
                    .formatted(
                            name(),
                            counts.sessions(),
                            counts.wouldPin(),
                            tap.sessions().stream()
                                    .flatMap(s -> s.examples().entrySet().stream())
                                    .map(e -> e.getKey() + ": " + e.getValue())
                                    .distinct()
                                    .limit(5)
                                    .map(e -> "\n  " + e)
                                    .reduce("", String::concat)));
        }
        Optional<PgBouncerExtras> pgbouncer = Optional.ofNullable(pools)
                .map(p -> new PgBouncerExtras(
                        settings.proxyPoolSize(),
                        p.samples(),
                        Optional.ofNullable(tap).map(LambdaTarget::pinning)));
        ResourceLayout layout = lambda.resources();
        var resources = new EnvironmentResources(
                layout.memoryMb(),
                layout.vcpusPerEnvironment(),
                layout.reservedConcurrency(),
                layout.vcpusAtConcurrency(),
                layout.machineCpus(),
                layout.enforced(),
                layout.mechanism(),
                layout.oversubscribed());
        LocalLambda.RuntimeInfo info = lambda.runtime();
        var runtime = new dev.twinstack.results.LambdaRuntime(
                info.runtime(), info.javaMajor(), info.javaHome(), info.matchesRuntime(), info.source());
        Optional<SnapStart> snapStartFigures = Optional.ofNullable(publication).map(published -> {
            LocalLambda.SnapStartStats stats = lambda.snapStart();
            // Copies a restore waited for may still be initialising when the load ends: counted with their CPU time
            // so far (a SnapStart function has no other environment that initialises).
            List<LocalLambda.EnvironmentInfo> initialising = lambda.environments().stream()
                    .filter(e -> e.state().equals("INITIALIZING"))
                    .toList();
            return new SnapStart(
                    published.copies(),
                    published.initMs(),
                    Math.round(published.wallMs() * 100) / 100.0,
                    Math.round(published.cpuSeconds() * 100) / 100.0,
                    stats.restores(),
                    stats.restoresThatWaited(),
                    stats.copiesDuringRun() + initialising.size(),
                    Math.round((stats.copiesDuringRunCpuSeconds()
                                            + initialising.stream()
                                                    .mapToDouble(LocalLambda.EnvironmentInfo::cpuSeconds)
                                                    .sum())
                                    * 100)
                            / 100.0);
        });
        return new Extras(
                Optional.of(
                        LambdaExtras.of(invocations(), Optional.of(resources), Optional.of(runtime), snapStartFigures)),
                pgbouncer,
                Optional.empty());
    }

    /** What the tap saw, as results.json carries it: reasons by their names in RdsProxyPinning. */
    static Pinning pinning(PinningTap tap) {
        PinningTap.Counts counts = tap.counts();
        Map<String, Integer> byReason = new LinkedHashMap<>();
        counts.byReason().forEach((reason, sessions) -> byReason.put(reason.name(), sessions));
        return new Pinning(counts.sessions(), counts.wouldPin(), byReason);
    }

    private List<Invocation> invocations() {
        return lambda.records().stream().map(LambdaTarget::invocation).toList();
    }

    /** The local Lambda service's record as results.json carries it. */
    static Invocation invocation(InvocationRecord r) {
        return new Invocation(
                Instant.parse(r.time()),
                r.requestId(),
                Optional.ofNullable(r.environmentId()),
                r.cold(),
                r.initMs(),
                r.restored()
                        ? Optional.of(new Restore(r.restoreMs(), r.billedRestoreMs(), r.snapshotWaitMs()))
                        : Optional.empty(),
                r.durationMs(),
                r.latencyMs(),
                r.overheadMs(),
                r.status(),
                InvocationOutcome.valueOf(r.outcome().name()),
                Optional.ofNullable(r.cause()),
                Optional.ofNullable(r.startEpochMicros()).map(LambdaTarget::instant),
                Optional.ofNullable(r.endEpochMicros()).map(LambdaTarget::instant));
    }

    private static Instant instant(long epochMicros) {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(epochMicros, 1_000L));
    }

    @Override
    public void close() {
        if (lambda != null) {
            lambda.close();
        }
        if (pools != null) {
            pools.close();
        }
        if (tap != null) {
            tap.close();
        }
    }
}
