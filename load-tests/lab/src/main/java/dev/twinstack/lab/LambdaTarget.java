package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.lambdalocal.FunctionConfig;
import dev.twinstack.lambdalocal.InvocationRecord;
import dev.twinstack.lambdalocal.LocalLambda;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.LambdaExtras;
import dev.twinstack.results.PgBouncerExtras;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.toolkit.EffectiveConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Lambda targets: the real function.zip under the local Lambda service, reaching PostgreSQL directly or through
 * PgBouncer (the RDS Proxy stand-in). Its invocation records (cold starts with their Init Duration, environments,
 * throttles) go into results.json.
 */
final class LambdaTarget implements Target {

    private static final long POLL_MILLIS = 20;

    private final String name;
    private final String applicationName;
    private final LabSettings settings;
    private final String jdbcUrl;
    private final Map<String, String> credentials;
    private final Path logFile;
    private final PgBouncer bouncer;
    private PoolSampler pools;
    private final ConnectionBudget.LambdaInputs budgetInputs;
    private LocalLambda lambda;

    private LambdaTarget(
            String name,
            String applicationName,
            LabSettings settings,
            String jdbcUrl,
            Map<String, String> credentials,
            Path logFile,
            ConnectionBudget.LambdaInputs budgetInputs,
            PgBouncer bouncer) {
        this.name = name;
        this.applicationName = applicationName;
        this.settings = settings;
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
        this.logFile = logFile;
        this.budgetInputs = budgetInputs;
        this.bouncer = bouncer;
    }

    /** Straight to the database: each environment holds its own connection. */
    static LambdaTarget direct(LabSettings settings, LabDatabase db, Path logs) {
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(settings.functionDir()));
        return new LambdaTarget(
                "lambda",
                "twinstack-lambda-direct",
                settings,
                db.jdbcUrl(),
                Map.of("QUARKUS_DATASOURCE_USERNAME", db.username(), "QUARKUS_DATASOURCE_PASSWORD", db.password()),
                logs.resolve("lambda.log"),
                new ConnectionBudget.LambdaInputs(settings.lambdaConcurrency(), pool, 100),
                null);
    }

    /** Through PgBouncer: the environments' connections are multiplexed onto its pool. */
    static LambdaTarget throughProxy(LabSettings settings, LabDatabase db, PgBouncer bouncer, Path logs) {
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(settings.functionDir()));
        // The proxy's share, expressed as RDS Proxy's MaxConnectionsPercent of the lab database's max_connections.
        int percent = (int) Math.round(100.0 * settings.proxyPoolSize() / settings.maxConnections());
        return new LambdaTarget(
                "lambda+proxy",
                "twinstack-lambda-proxy",
                settings,
                bouncer.jdbcUrl(),
                Map.of("QUARKUS_DATASOURCE_USERNAME", db.username(), "QUARKUS_DATASOURCE_PASSWORD", db.password()),
                logs.resolve("lambda-proxy.log"),
                new ConnectionBudget.LambdaInputs(settings.lambdaConcurrency(), pool, percent),
                bouncer);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "function.zip under the local Lambda service (%d environments at most, %d MB)%s"
                .formatted(
                        settings.lambdaConcurrency(),
                        settings.lambdaMemoryMb(),
                        name.equals("lambda")
                                ? ", direct to PostgreSQL"
                                : ", through PgBouncer (pool " + settings.proxyPoolSize() + ")");
    }

    @Override
    public String applicationName() {
        return applicationName;
    }

    @Override
    public String baseUrl() {
        String endpoint = lambda.endpoint().toString();
        return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    @Override
    public void start() throws Exception {
        if (bouncer != null) {
            pools = new PoolSampler(bouncer, settings.sampleInterval().toMillis());
        }
        var builder = FunctionConfig.builder(settings.functionDir(), FunctionConfig.QUARKUS_HANDLER)
                .functionName("twinstack")
                .memoryMb(settings.lambdaMemoryMb())
                .reservedConcurrency(settings.lambdaConcurrency())
                .idleTimeout(settings.lambdaIdle())
                .abandonPeriod(settings.lambdaAbandon())
                // Cold starts here share two cores with every other process: Lambda's 10 s init limit would turn
                // that contention into init failures Lambda itself would not have (a caveat of the lab).
                .initTimeout(settings.lambdaInitTimeout())
                // Local PostgreSQL speaks no TLS; the application name tells the targets apart in pg_stat_activity.
                .environment(
                        "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl + "?sslmode=disable&ApplicationName=" + applicationName)
                .environment("QUARKUS_OTEL_SDK_DISABLED", "true")
                .log(this::log);
        credentials.forEach(builder::environment);
        lambda = LocalLambda.start(builder.build());
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
        return result.bound(name.equals("lambda") ? ConnectionBudget.LAMBDA : ConnectionBudget.LAMBDA_PROXY);
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

    @Override
    public Extras extras() {
        Optional<PgBouncerExtras> pgbouncer =
                Optional.ofNullable(pools).map(p -> new PgBouncerExtras(settings.proxyPoolSize(), p.samples()));
        return new Extras(Optional.of(LambdaExtras.of(invocations())), pgbouncer, Optional.empty());
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
                r.durationMs(),
                r.latencyMs(),
                r.overheadMs(),
                r.status(),
                InvocationOutcome.valueOf(r.outcome().name()),
                Optional.ofNullable(r.cause()));
    }

    @Override
    public void close() {
        if (lambda != null) {
            lambda.close();
        }
        if (pools != null) {
            pools.close();
        }
    }
}
