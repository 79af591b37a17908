package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.lambdalocal.FunctionConfig;
import dev.twinstack.lambdalocal.InvocationRecord;
import dev.twinstack.lambdalocal.LocalLambda;
import dev.twinstack.toolkit.EffectiveConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda targets: the real function.zip under the local Lambda service, reaching PostgreSQL directly or through
 * PgBouncer (the RDS Proxy stand-in). Its invocation records (cold starts with their Init Duration, environments,
 * throttles) go into results.json.
 */
final class LambdaTarget implements Target {

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
            pools = new PoolSampler(bouncer, settings.sampleMillis());
        }
        var builder = FunctionConfig.builder(settings.functionDir(), FunctionConfig.QUARKUS_HANDLER)
                .functionName("twinstack")
                .memoryMb(settings.lambdaMemoryMb())
                .reservedConcurrency(settings.lambdaConcurrency())
                .idleTimeout(Duration.ofSeconds(settings.lambdaIdleSeconds()))
                .abandonPeriod(Duration.ofSeconds(settings.lambdaAbandonSeconds()))
                // Cold starts here share two cores with every other process: Lambda's 10 s init limit would turn
                // that contention into init failures Lambda itself would not have (a caveat of the lab).
                .initTimeout(Duration.ofSeconds(settings.lambdaInitTimeoutSeconds()))
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

    /** Direct: concurrency × pool. Through the proxy: at most the proxy's pool, whatever the environments want. */
    @Override
    public ConnectionBudget.Bound predictedConnections() {
        var result = ConnectionBudget.compute(budgetInputs, null, settings.maxConnections());
        return result.bound(name.equals("lambda") ? ConnectionBudget.LAMBDA : ConnectionBudget.LAMBDA_PROXY);
    }

    /**
     * API Gateway answers a throttle and a function error alike (500), so the client cannot tell them apart; each
     * request is one invocation, whose record says how it ended.
     */
    @Override
    public RequestStats.Summary refineCauses(RequestStats.Summary clientView) {
        Map<String, Long> causes = new java.util.TreeMap<>();
        clientView.errorsByCause().forEach((cause, n) -> {
            if (!cause.equals("server-error") && !cause.equals("saturation") && !cause.equals("timeout")) {
                causes.put(cause, n);
            }
        });
        for (InvocationRecord r : lambda.records()) {
            String cause = switch (r.outcome()) {
                case SUCCESS -> r.status() >= 500 ? "timeout" : null;
                case THROTTLED -> "throttle";
                case TIMEOUT -> "timeout";
                case FUNCTION_ERROR, INIT_ERROR -> "server-error";
            };
            if (cause != null) {
                causes.merge(cause, 1L, Long::sum);
            }
        }
        return new RequestStats.Summary(
                clientView.requests(),
                clientView.errors(),
                clientView.errorRatio(),
                causes,
                clientView.latencyMs(),
                clientView.coldLatenciesMs(),
                clientView.timeline(),
                clientView.meanThroughputRps());
    }

    @Override
    public Map<String, Object> extras() {
        List<InvocationRecord> records = lambda.records();
        Map<String, Object> extras = new LinkedHashMap<>();
        if (pools != null) {
            extras.put("poolSize", settings.proxyPoolSize());
            extras.put("pgbouncer", pools.samples());
        }
        extras.put("invocations", records);
        extras.put(
                "outcomes",
                records.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                r -> r.outcome().name(),
                                java.util.TreeMap::new,
                                java.util.stream.Collectors.counting())));
        extras.put("throttles", lambda.throttles());
        extras.put(
                "environments",
                records.stream()
                        .map(InvocationRecord::environmentId)
                        .filter(id -> id != null)
                        .distinct()
                        .count());
        extras.put("coldStarts", records.stream().filter(InvocationRecord::cold).count());
        extras.put(
                "initMs",
                records.stream()
                        .filter(InvocationRecord::cold)
                        .map(InvocationRecord::initMs)
                        .toList());
        return extras;
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
