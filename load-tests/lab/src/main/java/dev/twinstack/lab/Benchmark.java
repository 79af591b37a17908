package dev.twinstack.lab;

import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.lambdalocal.FunctionConfig;
import dev.twinstack.lambdalocal.InvocationRecord;
import dev.twinstack.lambdalocal.LambdaRuntime;
import dev.twinstack.lambdalocal.LocalLambda;
import dev.twinstack.lambdalocal.Outcome;
import dev.twinstack.lambdalocal.RuntimeVariables;
import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessCpu;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The performance benchmark ({@code ./mvnw -pl load-tests/lab -am package -Pbenchmark}): in one run, against
 * baselines taken in the same run, the server build's throughput on the primary-key read and the order placement
 * against pgbench running the same statements on the same number of connections, CPU-seconds per request of the
 * server and of PostgreSQL, function.zip's cold start under AWS's runtime interface client against the server build's,
 * a Lambda environment's memory and warm Durations at steady load, the server's start time plain, with AppCDS and with
 * JDK 25's AOT cache, and function.zip's size. Prints a Markdown table and writes {@code benchmark.json}.
 */
public final class Benchmark {

    private static final List<String> TOOLS = List.of("wrk", "pgbench");
    private static final Duration FIRST_ANSWER_LIMIT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration TOOL_GRACE = Duration.ofSeconds(60);
    private static final Duration START_LIMIT = Duration.ofMinutes(4);
    private static final String PLAIN_17 = "JDK 17, plain";
    private static final String APPCDS_17 = "JDK 17, AppCDS (`-XX:SharedArchiveFile=app-cds.jsa -Xshare:on`)";
    private static final String PLAIN_25 = "JDK 25, plain";
    private static final String AOT_25 = "JDK 25, AOT cache (`-XX:AOTCache=app.aot -XX:AOTMode=on`)";

    /** The run's settings, from {@code benchmark.*} system properties (empty means the default). */
    record Options(
            int seconds,
            int warmup,
            int threads,
            int seedUsers,
            int startRounds,
            boolean profile,
            boolean telemetry,
            String memorySize,
            Path out,
            Path serverDir,
            Path functionDir,
            Path functionZip,
            Path template,
            Path startScript) {

        static Options fromSystem() {
            return new Options(
                    integer("benchmark.seconds", 10),
                    integer("benchmark.warmup", 5),
                    integer("benchmark.threads", 2),
                    integer("benchmark.seedUsers", 10_000),
                    integer("benchmark.startRounds", 1),
                    flag("benchmark.profile"),
                    flag("benchmark.telemetry"),
                    System.getProperty("benchmark.memorySize", "").trim(),
                    path("benchmark.out", "target/benchmark"),
                    path("benchmark.serverDir", "target/server"),
                    path("benchmark.functionDir", "target/function"),
                    path("benchmark.functionZip", "target/artifacts/function.zip"),
                    path("benchmark.template", "../../deploy-lambda/template.yaml"),
                    path("benchmark.startScript", "../../deploy-k8s/scripts/measure-start.sh"));
        }

        private static int integer(String name, int fallback) {
            String value = System.getProperty(name, "");
            return value.isBlank() ? fallback : Integer.parseInt(value.trim());
        }

        private static boolean flag(String name) {
            return Boolean.parseBoolean(System.getProperty(name, "").trim());
        }

        private static Path path(String name, String fallback) {
            String value = System.getProperty(name, "");
            return Path.of(value.isBlank() ? fallback : value.trim())
                    .toAbsolutePath()
                    .normalize();
        }
    }

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        List<String> missing = missingTools(TOOLS, System.getenv("PATH"));
        if (!missing.isEmpty()) {
            System.err.println("The benchmark needs " + String.join(" and ", TOOLS) + " on the PATH; missing: "
                    + String.join(", ", missing) + " (Debian: apt-get install -y wrk postgresql-client).");
            System.exit(2);
        }
        BenchmarkResult result = new Benchmark(Options.fromSystem()).run();
        System.out.println();
        result.table().forEach(System.out::println);
        // The watchdog of the shared launcher ends with the JVM, and with it anything left running.
        System.exit(0);
    }

    /** The tools not found as executables in any directory of {@code path}. */
    static List<String> missingTools(List<String> tools, String path) {
        List<Path> dirs = Stream.of((path == null ? "" : path).split(":"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
        return tools.stream()
                .filter(tool -> dirs.stream().map(d -> d.resolve(tool)).noneMatch(Files::isExecutable))
                .toList();
    }

    private BenchmarkResult run() throws Exception {
        Path out = Files.createDirectories(options.out());
        // Logs are appended to: a run's files start empty, so that they hold only what this run did.
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        String date = Instant.now().toString();
        String loadBefore = loadAverage();
        int connections = DeployFiles.poolMax(EffectiveConfig.ofArtifact(options.serverDir()));
        // The function at the template's MemorySize, or at another of its allowed values (benchmark.memorySize).
        CloudFormationTemplate template = options.memorySize().isEmpty()
                ? CloudFormationTemplate.read(options.template())
                : CloudFormationTemplate.read(options.template())
                        .withParameters(Map.of("MemorySize", options.memorySize()));
        var function = DeployFiles.lambdaFunction(template);
        say("PostgreSQL, migrated and seeded with %d users ...", options.seedUsers());
        try (LabDatabase db = LabDatabase.start(Files.createDirectories(out.resolve("postgres")), 100)) {
            Map<String, String> dbEnv = new LinkedHashMap<>();
            dbEnv.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
            dbEnv.put("QUARKUS_DATASOURCE_USERNAME", db.username());
            dbEnv.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
            dbEnv.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            dbEnv.put("QUARKUS_OTEL_SDK_DISABLED", "true");
            migrate(dbEnv, out);
            Map<String, String> serverEnv = new LinkedHashMap<>(dbEnv);
            if (options.telemetry()) {
                // As deployed: JSON logs, traces sampled as the build configures them. No collector runs here, so
                // spans are made and sampled but not exported: export happens off the request path, on its own
                // thread, and this measures the request path.
                serverEnv.remove("QUARKUS_LOG_CONSOLE_JSON_ENABLED");
                serverEnv.put("QUARKUS_OTEL_SDK_DISABLED", "false");
                serverEnv.put("QUARKUS_OTEL_EXPORTER_OTLP_ENABLED", "false");
            }
            List<Window> windows = new ArrayList<>();

            BenchmarkResult.Throughput read;
            BenchmarkResult.Throughput order;
            double serverColdMs;
            int port = ProcessLauncher.freePort();
            Path recording = out.resolve("server.jfr");
            LaunchedProcess server = ProcessLauncher.shared()
                    .java(serverJvmOptions(recording))
                    .name("server build")
                    .directory(options.serverDir())
                    .environment(serverEnv)
                    .environment("QUARKUS_HTTP_PORT", Integer.toString(port))
                    .environment("QUARKUS_MANAGEMENT_PORT", Integer.toString(ProcessLauncher.freePort()))
                    .environment("QUARKUS_HTTP_HOST", "127.0.0.1")
                    .environment("QUARKUS_MANAGEMENT_HOST", "127.0.0.1")
                    .logTo(out.resolve("server.log"))
                    .start();
            long launched = System.nanoTime();
            try {
                String base = "http://127.0.0.1:" + port;
                serverColdMs = firstOk(URI.create(base + "/api/users/1"), launched, server);
                say("server build: first database-backed 200 after %.0f ms", serverColdMs);
                read = throughput("read", base, connections, server.pid(), db, windows);
                order = throughput("order", base, connections, server.pid(), db, windows);
            } finally {
                server.stop(Duration.ofSeconds(30));
            }
            if (options.profile()) {
                profile(recording, windows, connections);
            }

            List<BenchmarkResult.StartTime> starts = startTimes(dbEnv, out);

            say("function.zip under the local Lambda service (%d MB) ...", function.memoryMb());
            var builder = FunctionConfig.builder(options.functionDir(), FunctionConfig.FUNCTION_HANDLER)
                    .functionName("twinstack")
                    .runtime(LambdaRuntime.of(function.runtime()))
                    .memoryMb(function.memoryMb())
                    .timeout(Duration.ofSeconds(function.timeoutSeconds()))
                    // On-demand: the cold start itself is what is measured. Lambda's 10 s init limit would, on a
                    // loaded machine, run the init twice and measure the limit instead.
                    .snapStart(false)
                    .initTimeout(FIRST_ANSWER_LIMIT)
                    .reservedConcurrency(1)
                    .idleTimeout(Duration.ofMinutes(10))
                    .environment("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl() + "?sslmode=disable")
                    .environment("QUARKUS_DATASOURCE_USERNAME", db.username())
                    .environment("QUARKUS_DATASOURCE_PASSWORD", db.password())
                    .log(line -> appendQuietly(out.resolve("lambda.log"), line));
            // The JVM settings the template gives the function (JAVA_TOOL_OPTIONS and the like), as it deploys them.
            RuntimeVariables.of(template).forEach(builder::environment);
            BenchmarkResult.ColdStart coldStart;
            BenchmarkResult.LambdaSteady steady;
            try (LocalLambda lambda = LocalLambda.start(builder.build())) {
                String base = lambda.endpoint().toString().replaceAll("/$", "");
                // The environment's process starts with this first request: its answer is process start → 200.
                double lambdaColdMs = firstOk(URI.create(base + "/api/users/1"), System.nanoTime(), null);
                say("function.zip: first database-backed 200 after %.0f ms", lambdaColdMs);
                coldStart = BenchmarkResult.ColdStart.of(lambdaColdMs, serverColdMs);
                // One connection: one environment kept busy, as reserved concurrency 1 allows.
                warmUp("lambda-read", 1, "read.lua", base + "/");
                int before = lambda.records().size();
                long throttlesBefore = lambda.throttles();
                Wrk.Report report = wrk("lambda-read", 1, 1, "read.lua", base + "/");
                say("Lambda steady load: %d responses, %d failed", report.requests(), report.non2xx());
                List<InvocationRecord> records = lambda.records();
                double[] warm = records.subList(before, records.size()).stream()
                        .filter(r -> !r.cold() && r.outcome() == Outcome.SUCCESS)
                        .mapToDouble(InvocationRecord::durationMs)
                        .toArray();
                long maxMemory = lambda.environments().stream()
                        .mapToLong(LocalLambda.EnvironmentInfo::maxMemoryUsedMb)
                        .max()
                        .orElse(0);
                steady = new BenchmarkResult.LambdaSteady(
                        function.memoryMb(),
                        function.memoryMb() / 1769.0,
                        lambda.resources().describe(),
                        maxMemory,
                        warm.length,
                        report.non2xx() + report.socketErrors(),
                        lambda.throttles() - throttlesBefore,
                        BenchmarkResult.percentile(warm, 50),
                        BenchmarkResult.percentile(warm, 99));
            }

            BenchmarkResult result = new BenchmarkResult(
                    BenchmarkResult.SCHEMA,
                    date,
                    new BenchmarkResult.Machine(
                            Runtime.getRuntime().availableProcessors(),
                            loadBefore,
                            loadAverage(),
                            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                            System.getProperty("os.name") + " " + System.getProperty("os.version")),
                    new BenchmarkResult.Settings(
                            options.seconds(),
                            options.warmup(),
                            connections,
                            options.threads(),
                            options.seedUsers(),
                            options.startRounds()),
                    read,
                    order,
                    coldStart,
                    steady,
                    starts,
                    Files.size(options.functionZip()));
            Path json = out.resolve("benchmark.json");
            result.write(json);
            say("written: %s", json);
            return result;
        }
    }

    /**
     * The server as the lab's replicas run it: the build's AppCDS archive, serial GC, a fixed heap; with
     * {@code benchmark.profile}, a flight recording written when it stops.
     */
    private List<String> serverJvmOptions(Path recording) throws IOException {
        List<String> options = new ArrayList<>(ServerReplicas.jvmArgs(this.options.serverDir()));
        if (this.options.profile()) {
            Path settings = BenchmarkProfile.writeSettings(this.options.out().resolve("sampling.jfc"));
            options.add("-XX:StartFlightRecording=filename=" + recording + ",settings=" + settings);
        }
        options.addAll(List.of("-jar", "quarkus-run.jar"));
        return options;
    }

    /** When a measured load ran against the server. */
    record Window(String operation, Instant from, Instant to, long requests) {}

    /** profile.md: where the server's CPU went in each measured window, from its flight recording. */
    private void profile(Path recording, List<Window> windows, int connections) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("## Server profile: " + (options.telemetry() ? "telemetry on" : "telemetry off"));
        lines.add("");
        lines.add(
                String.format(
                        Locale.ROOT,
                        "`%s`, the measured `wrk` runs (%d connections, %d s each) of one benchmark run; %s.",
                        options.telemetry()
                                ? "-Dbenchmark.profile=true -Dbenchmark.telemetry=true"
                                : "-Dbenchmark.profile=true",
                        connections,
                        options.seconds(),
                        options.telemetry()
                                ? "JSON logs and traces on as the build configures them (sampler included), spans not exported"
                                : "traces off (`QUARKUS_OTEL_SDK_DISABLED=true`) and plain-text logs, as the benchmark's figures"));
        for (Window w : windows) {
            lines.add("");
            lines.addAll(BenchmarkProfile.summarise(
                    recording, w.from(), w.to(), w.operation() + " (" + w.requests() + " requests)"));
        }
        Path file = options.out().resolve("profile.md");
        Files.write(file, lines);
        say("profile: %s", file);
    }

    /** wrk and then pgbench on one operation, each with the same connections, with the CPU each side used. */
    private BenchmarkResult.Throughput throughput(
            String operation, String base, int connections, long serverPid, LabDatabase db, List<Window> windows)
            throws Exception {
        long postgres = db.pid();
        warmUp(operation, connections, operation + ".lua", base + "/");
        double server0 = ProcessCpu.treeSeconds(serverPid);
        double db0 = ProcessCpu.treeSeconds(postgres);
        Instant from = Instant.now();
        Wrk.Report wrk = wrk(operation, options.threads(), connections, operation + ".lua", base + "/");
        windows.add(new Window(operation, from, Instant.now(), wrk.requests()));
        double serverCpu = ProcessCpu.treeSeconds(serverPid) - server0;
        double db1 = ProcessCpu.treeSeconds(postgres);
        Pgbench.Report pgbench = pgbench(operation, connections, db);
        double dbUnderPgbench = ProcessCpu.treeSeconds(postgres) - db1;
        BenchmarkResult.Throughput t =
                BenchmarkResult.Throughput.of(wrk, serverCpu, db1 - db0, pgbench, dbUnderPgbench);
        say(
                "%s: server %.0f/s (%d failed), pgbench %.0f/s (%d failed): %.3f",
                operation, t.serverPerSecond(), t.serverFailures(), t.pgbenchPerSecond(), t.pgbenchFailed(), t.ratio());
        return t;
    }

    /** Load not measured, so that the measured load meets a request path the just-in-time compiler has compiled. */
    private void warmUp(String name, int connections, String script, String url) throws Exception {
        if (options.warmup() > 0) {
            wrk(name + "-warmup", options.threads(), connections, script, url, options.warmup());
        }
    }

    private Wrk.Report wrk(String name, int threads, int connections, String script, String url) throws Exception {
        return wrk(name, threads, connections, script, url, options.seconds());
    }

    private Wrk.Report wrk(String name, int threads, int connections, String script, String url, int seconds)
            throws Exception {
        Path file = script(script, name + "-" + System.currentTimeMillis());
        say("wrk %s: %d connections, %d s ...", name, connections, seconds);
        List<String> lines = ProcessLauncher.shared()
                .command(Wrk.command(
                        Math.min(threads, connections), connections, Duration.ofSeconds(seconds), file.toString(), url))
                .name("wrk " + name)
                .logTo(options.out().resolve("wrk-" + name + ".txt"))
                .run(Duration.ofSeconds(seconds).plus(TOOL_GRACE));
        return Wrk.parse(lines);
    }

    private Pgbench.Report pgbench(String operation, int connections, LabDatabase db) throws Exception {
        Path file = script(operation + ".sql", operation);
        say("pgbench %s: %d clients, %d s ...", operation, connections, options.seconds());
        List<String> lines = ProcessLauncher.shared()
                .command(Pgbench.command(
                        options.threads(),
                        connections,
                        Duration.ofSeconds(options.seconds()),
                        file.toString(),
                        db.port(),
                        db.username(),
                        LabDatabase.SERVICE))
                .name("pgbench " + operation)
                .environment("PGPASSWORD", db.password())
                .logTo(options.out().resolve("pgbench-" + operation + ".txt"))
                .run(Duration.ofSeconds(options.seconds()).plus(TOOL_GRACE));
        return Pgbench.parse(lines);
    }

    /**
     * A script from the class path, with the number of seeded users and the run's name filled in, written beside the
     * results.
     */
    private Path script(String name, String run) throws IOException {
        try (InputStream in = Benchmark.class.getResourceAsStream("/benchmark/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no script " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@USERS@", Integer.toString(options.seedUsers()))
                    .replace("@RUN@", run);
            return Files.writeString(options.out().resolve(name), text);
        }
    }

    /**
     * Milliseconds from {@code since} to the first 200 of {@code uri}, polling; fails after
     * {@link #FIRST_ANSWER_LIMIT} or when {@code process} (if given) exits first.
     */
    private double firstOk(URI uri, long since, LaunchedProcess process) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(FIRST_ANSWER_LIMIT).build();
        long deadline = since + FIRST_ANSWER_LIMIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (process != null && !process.toHandle().isAlive()) {
                throw new IllegalStateException(process + " exited before answering " + uri);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - since) / 1e6;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException(
                "no 200 from " + uri + " within " + FIRST_ANSWER_LIMIT + " (last: " + last + ")");
    }

    /**
     * The server's start to ready through deploy-k8s's measure-start.sh, variants interleaved per round: JDK 17 plain
     * and with the build's AppCDS archive; JDK 25 plain and with an AOT cache written by a training run on a copy of
     * the server, as the Dockerfile's {@code jdk25-aot} stage writes it.
     */
    private List<BenchmarkResult.StartTime> startTimes(Map<String, String> dbEnv, Path out) throws Exception {
        Map<String, List<Long>> runs = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        String java17 = ProcessLauncher.javaExecutable().toString();
        record Variant(String name, String label, Path dir, String java, List<String> flags) {}
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(PLAIN_17, "jdk17-plain", options.serverDir(), java17, List.of()));
        variants.add(new Variant(
                APPCDS_17,
                "jdk17-appcds",
                options.serverDir(),
                java17,
                List.of("-XX:SharedArchiveFile=app-cds.jsa", "-Xshare:on")));
        Optional<Path> jdk25 = jdk25();
        if (jdk25.isPresent()) {
            String java25 = jdk25.get().resolve("bin/java").toString();
            Path copy = out.resolve("server-jdk25");
            say("JDK 25: writing the AOT cache on a copy of the server (training run) ...");
            ProcessLauncher.shared().command("rm", "-rf", copy.toString()).run(Duration.ofMinutes(1));
            ProcessLauncher.shared()
                    .command("cp", "-a", options.serverDir().toString(), copy.toString())
                    .run(Duration.ofMinutes(1));
            LaunchedProcess training = ProcessLauncher.shared()
                    .command(
                            java25,
                            "-XX:AOTCacheOutput=app.aot",
                            "-Dquarkus.appcds.generate=true",
                            "-jar",
                            "quarkus-run.jar")
                    .name("AOT training run")
                    .directory(copy)
                    .environment(dbEnv)
                    .logTo(out.resolve("aot-training.log"))
                    .start();
            training.awaitExit(START_LIMIT);
            variants.add(new Variant(PLAIN_25, "jdk25-plain", copy, java25, List.of()));
            if (Files.exists(copy.resolve("app.aot")) && Files.size(copy.resolve("app.aot")) > 0) {
                variants.add(new Variant(
                        AOT_25, "jdk25-aot", copy, java25, List.of("-XX:AOTCache=app.aot", "-XX:AOTMode=on")));
            } else {
                notes.put(AOT_25, "the training run wrote no app.aot (see aot-training.log)");
            }
        } else {
            notes.put(PLAIN_25, "no JDK 25 (JAVA25_HOME or /usr/lib/jvm)");
            notes.put(AOT_25, "no JDK 25 (JAVA25_HOME or /usr/lib/jvm)");
        }
        variants.forEach(v -> runs.put(v.name(), new ArrayList<>()));
        for (int round = 1; round <= options.startRounds(); round++) {
            for (Variant v : variants) {
                List<String> command = new ArrayList<>(List.of(
                        "bash", options.startScript().toString(), v.dir().toString(), v.label(), v.java()));
                command.addAll(v.flags());
                say("start time, round %d: %s ...", round, v.name());
                List<String> lines = ProcessLauncher.shared()
                        .command(command)
                        .name("measure-start.sh")
                        .environment(dbEnv)
                        // The script's log of each start goes beside the results.
                        .environment("TMPDIR", out.toString())
                        .environment("PORT", Integer.toString(ProcessLauncher.freePort()))
                        .environment("MANAGEMENT_PORT", Integer.toString(ProcessLauncher.freePort()))
                        .logTo(out.resolve("measure-start.log"))
                        .run(START_LIMIT);
                long ms = startMillis(lines, v.label());
                runs.get(v.name()).add(ms);
                say("  %d ms", ms);
            }
        }
        List<BenchmarkResult.StartTime> result = new ArrayList<>();
        for (String name : List.of(PLAIN_17, APPCDS_17, PLAIN_25, AOT_25)) {
            result.add(new BenchmarkResult.StartTime(
                    name, List.copyOf(runs.getOrDefault(name, List.of())), notes.getOrDefault(name, "")));
        }
        return result;
    }

    /** The milliseconds measure-start.sh printed ({@code <label> <n> ms}). */
    static long startMillis(List<String> lines, String label) {
        Pattern pattern = Pattern.compile("^" + Pattern.quote(label) + " (\\d+) ms$");
        for (String line : lines) {
            Matcher m = pattern.matcher(line.trim());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new IllegalStateException("measure-start.sh printed no time: " + lines);
    }

    /** A JDK 25: {@code JAVA25_HOME}, else one in /usr/lib/jvm. */
    private static Optional<Path> jdk25() throws IOException {
        int major = 25;
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("JAVA25_HOME");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        Path installed = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(installed)) {
            try (Stream<Path> dirs = Files.list(installed)) {
                dirs.sorted().forEach(candidates::add);
            }
        }
        Pattern version = Pattern.compile("^JAVA_VERSION=\"" + major + "[.\"]", Pattern.MULTILINE);
        for (Path home : candidates) {
            Path release = home.resolve("release");
            if (Files.isRegularFile(release)
                    && Files.isExecutable(home.resolve("bin/java"))
                    && version.matcher(Files.readString(release)).find()) {
                return Optional.of(home);
            }
        }
        return Optional.empty();
    }

    private void migrate(Map<String, String> dbEnv, Path out) throws IOException, InterruptedException {
        MigrateMode.run(options.serverDir(), dbEnv, options.seedUsers(), out.resolve("migrate.log"));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static synchronized void appendQuietly(Path file, String line) {
        try {
            Files.writeString(
                    file,
                    line + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // The Lambda log is for reading afterwards; a lost line does not change a figure.
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }
}
