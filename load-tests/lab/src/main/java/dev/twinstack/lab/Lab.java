package dev.twinstack.lab;

import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.collect.Collection;
import dev.twinstack.lambdalocal.HttpApiRoutes;
import dev.twinstack.lambdalocal.OtlpReceiver;
import dev.twinstack.loadtest.LoadProfile;
import dev.twinstack.report.Report;
import dev.twinstack.results.Budget;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Cost;
import dev.twinstack.results.CpuUse;
import dev.twinstack.results.Drill;
import dev.twinstack.results.DrillVerdict;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Ledger;
import dev.twinstack.results.Machine;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Requests;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.Run;
import dev.twinstack.results.TargetResult;
import dev.twinstack.toolkit.Cgroups;
import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.KubernetesManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The comparison lab: one PostgreSQL, then each target in turn under the same scenario and profile, while the
 * database's connections are sampled; then results.json and a summary on the terminal. Every process it starts is
 * stopped on the way out, also on Ctrl-C or failure.
 */
public final class Lab {

    static final List<String> CAVEATS = List.of(
            "All targets share this machine's cores with the load generator and the database: compare shapes and ratios, not absolute figures. Each Lambda environment is held to its CPU share, but on Lambda it has that share to itself; here environments busy at once compete for the same two cores.",
            "SnapStart is modelled, not snapshotted: no process snapshot works on this machine, so each snapshot copy is an environment initialised ahead (when the version is published) and frozen right after its beforeCheckpoint hooks; a restore thaws a copy and its afterRestore hooks run. Restore Duration here therefore leaves out the time AWS spends loading the snapshot (counted in Restore Duration on AWS, not billed), which it publishes no figure for; the lab adds only what lab.lambdaSnapshotLoad says (0 s by default).",
            "Every local snapshot copy runs its own init, so copies never share state; on AWS every environment resumes from one snapshot with the same memory (random seeds, generated ids, anything unique). This lab cannot show that hazard: deploy-lambda's SnapStartTest is the proof that the function reseeds after a restore.",
            "Each local snapshot copy serves one restore (AWS restores every environment from one snapshot): the lab publishes lab.lambdaSnapshotCopies copies before the load and replaces none during it, so no init runs beside the measured requests; a restore that finds none left waits for a copy to initialise, which AWS never does, and is counted (restoresThatWaited) with that copy's CPU time.",
            "PgBouncer in transaction mode stands in for RDS Proxy: it multiplexes like the proxy but never pins, so the all-pinned bound is not exercised; instead a tap in front of it judges each client session by the proxy's documented pinning conditions and the run reports the sessions that would have pinned. It refuses a client that waits longer than the template's ConnectionBorrowTimeout for a server connection, as the proxy does, but closes that client's connection where the proxy answers an error on it. The template's MaxIdleConnectionsPercent becomes the share of its pool PgBouncer keeps open when idle (min_pool_size; idle connections above it close after server_idle_timeout, 60 s), an approximation: the proxy's own timing of idle closes is not documented, and PgBouncer opens connections up to that share while clients are connected, which the proxy does not.",
            "Kubernetes replicas are processes behind the front lab.front names (by default an ingress-like one that balances each request, as ingress-nginx does): no scheduler, no nodes, no network hops, and the front shares the machine's cores with the replicas. The replicas started before the load are pre-warmed: their first requests meet processes that started and turned ready before any load, not pod starts, so the Kubernetes target's cold figures are those of the replicas its HorizontalPodAutoscaler (lab.hpa) added under load, each from its pod's start (JVM, start-time archive, readiness) to its first request; at a load that never takes the pods past the HPA's target there are none.");

    static final String FRESH_COPIES = "Same footing: every target ran on a fresh copy of the same seeded database"
            + " (PostgreSQL's CREATE DATABASE ... TEMPLATE, made right before the target starts), so none reads the"
            + " orders another wrote and the order the targets run in favours none; the database's CPU is measured per"
            + " target during its load, as the target's own processes are (/proc, as the benchmark measures it).";

    /** A target's own events (readiness, rotation) this long after a database drill belong to its story. */
    private static final Duration EVENTS_AFTER = Duration.ofSeconds(10);
    /** A safety net: a target's last records follow the clients' answers within milliseconds. */
    private static final Duration RECORDS_DEADLINE = Duration.ofSeconds(30);

    private final LabSettings settings;
    private final Progress progress = new Progress();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final List<String> skipped = new ArrayList<>();
    private final Map<String, String> versions = new LinkedHashMap<>();
    private PgBouncer bouncer;
    private CloudFormationTemplate template;
    private DeployFiles.LambdaFunction lambdaFunction;
    /** The run's token issuer; null with lab.auth=none. */
    private LabAuth auth;

    Lab(LabSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Optional<LabSettings> settings;
        try {
            LabOptions.refuseUnknownMavenProperties(System.getenv("MAVEN_CMD_LINE_ARGS"));
            settings = LabOptions.parse(new PrintWriter(System.out, true), System.getProperties(), args);
        } catch (CommandLine.PicocliException | IllegalArgumentException e) {
            System.err.println("[lab] " + e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.isEmpty()) {
            return;
        }
        Lab lab = new Lab(settings.get());
        Runtime.getRuntime().addShutdownHook(new Thread(lab::closeAll, "lab-shutdown"));
        try {
            Path results = lab.run();
            System.out.println("\nResults: " + results);
        } finally {
            lab.closeAll();
        }
    }

    Path run() throws Exception {
        Path out = Files.createDirectories(settings.outputDir());
        Instant startedAt = Instant.now();
        LabDatabase db = null;
        Map<String, String> dbEnv = Map.of();
        // A PostgreSQL of the lab's own only when a target runs here; deployments elsewhere bring their database.
        if (!settings.drills().isEmpty()) {
            List<String> outside =
                    settings.runTargets().stream().filter(t -> t.contains("=")).toList();
            if (!outside.isEmpty() || settings.runTargets().isEmpty()) {
                throw new IllegalArgumentException("lab.drill: the drills "
                        + settings.drills().stream().map(DrillKind::label).toList() + " apply to none of the targets "
                        + settings.targets()
                        + " the lab runs (a name=url deployment takes none)");
            }
            progress.say("drills %s on %s"
                    .formatted(settings.drills().stream().map(DrillKind::label).toList(), settings.runTargets()));
        }
        if (settings.runTargets().stream().anyMatch(t -> !t.contains("="))) {
            progress.say("starting PostgreSQL (max_connections=%d) ...".formatted(settings.maxConnections()));
            db = track(LabDatabase.start(Files.createDirectories(out.resolve("postgres")), settings.maxConnections()));
            // The server build exports traces to its pod's collector sidecar, which the lab does not run: off here.
            // (The
            // Lambda targets need no such line: the function's telemetry is off unless a collector is given.)
            dbEnv = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                    "QUARKUS_DATASOURCE_USERNAME", db.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false",
                    "QUARKUS_OTEL_SDK_DISABLED", "true");
            migrate(dbEnv, out);
            db.keepSeeded();
            if (!settings.auth().equals(LabAuth.NONE)) {
                auth = LabAuth.generate(out.resolve("auth"));
            }
        }

        List<TargetResult> measured = new ArrayList<>();
        List<String> caveats = new ArrayList<>(CAVEATS);
        if (settings.loadGenerators() > 1) {
            caveats.add(("The load came from %d load generator processes per target, each a slice of the profile's"
                            + " arrivals, started together at a barrier; their request logs were merged and each"
                            + " target's SLOs judged on the merged requests (each generator's own Gatling report, in"
                            + " <target>/generator-<i>/gatling, shows only its slice). They share this machine's cores"
                            + " with the targets, as one generator does.")
                    .formatted(settings.loadGenerators()));
        }
        if (db != null) {
            caveats.add(FRESH_COPIES);
        }
        for (String name : settings.runTargets()) {
            if (db != null && !name.contains("=")) {
                db.freshCopy();
            }
            Target target = target(name, db, dbEnv, out);
            if (target == null) {
                continue;
            }
            progress.say("starting target %s: %s; auth %s"
                    .formatted(
                            target.name(), target.description(), target.auth().description()));
            try (target) {
                target.start();
                measured.add(measure(target, db, out.resolve(target.name())));
                target.caveats().stream().filter(c -> !caveats.contains(c)).forEach(caveats::add);
                if (!name.contains("=")) {
                    caveats.add(authCaveat(target));
                }
            }
        }

        // Before the run's record is made: a cost that cannot be projected is among the skipped.
        Optional<Cost> cost =
                measured.stream().anyMatch(t -> t.extras().lambda().isPresent())
                        ? kubernetesPods().flatMap(pods -> CostFromRun.project(measured, lambdaFunction(), pods))
                        : Optional.empty();
        Results results = new Results(Results.SCHEMA, runInfo(startedAt, db, caveats), measured, cost);
        Path file = out.resolve("results.json");
        ResultsJson.write(results, file);
        Summary.print(results, System.out);
        Path page = Report.render(file, out);
        System.out.println("\nReport: " + page);
        List<String> over = measured.stream()
                .filter(t -> t.budget().filter(b -> !b.measuredWithin()).isPresent())
                .map(t -> t.name() + " (" + t.peakConnections().orElseThrow() + " > "
                        + t.budget().orElseThrow().predicted() + ")")
                .toList();
        List<String> uncounted = measured.stream()
                .flatMap(t -> t.drills().stream()
                        .filter(d -> d.verdict() != DrillVerdict.RECOVERED)
                        .map(d -> t.name() + " " + d.name() + " ("
                                + d.verdict().name().toLowerCase(java.util.Locale.ROOT) + ")"))
                .toList();
        if (!over.isEmpty() || !uncounted.isEmpty()) {
            throw new IllegalStateException(Stream.of(
                            over.isEmpty() ? null : "measured connections exceeded the predicted bound: " + over,
                            uncounted.isEmpty() ? null : "drills that do not count: " + uncounted)
                    .filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        LedgerCheck.failUnlessClean(measured);
        return file;
    }

    private void migrate(Map<String, String> dbEnv, Path out) throws IOException, InterruptedException {
        progress.say("migrating and seeding %d users (migrate mode of the server build) ..."
                .formatted(settings.seedUsers()));
        MigrateMode.run(settings.serverDir(), dbEnv, settings.seedUsers(), out.resolve("migrate.log"));
    }

    private Target target(String name, LabDatabase db, Map<String, String> dbEnv, Path out) throws Exception {
        Path logs = Files.createDirectories(out.resolve("logs"));
        if (name.contains("=")) {
            String external = name.substring(0, name.indexOf('='));
            return new ExternalTarget(
                    external,
                    name.substring(name.indexOf('=') + 1),
                    Optional.ofNullable(settings.collect().get(external)),
                    Collection.Clients.fromEnvironment(settings.awsRegion()));
        }
        return switch (name) {
            case "k8s" ->
                replicas(
                        dbEnv,
                        logs,
                        auth == null
                                ? Target.Auth.NONE
                                : auth.forMode(name, LabAuth.kubernetesMode(settings.deployment()), false),
                        true);
            case HybridTarget.NAME -> hybrid(db, dbEnv, out, logs);
            default -> {
                LambdaTarget.Variant variant = LambdaTarget.Variant.named(name)
                        .orElseThrow(() -> new IllegalArgumentException("unknown lab target '" + name
                                + "' (known: lambda, lambda-ondemand, lambda-direct, k8s, hybrid)"));
                PgBouncer proxy = null;
                if (variant.throughProxy) {
                    proxy = bouncer(db, out).orElse(null);
                    if (proxy == null) {
                        progress.say("PgBouncer is not installed (apt-get install pgbouncer): skipping " + name
                                + ", which reaches the database through the RDS Proxy stand-in; the other targets run");
                        skipped.add(name + ": PgBouncer not installed");
                        yield null;
                    }
                }
                yield new LambdaTarget(
                        variant,
                        settings,
                        lambdaFunction(),
                        db,
                        proxy,
                        logs,
                        progress,
                        auth == null ? Target.Auth.NONE : auth.forMode(name, LabAuth.lambdaMode(template()), true));
            }
        };
    }

    /** The Kubernetes replicas as lab.deployment and the lab's options configure them, with {@code auth}. */
    /**
     * The replicas of the server build as lab.deployment declares them; scaled by the HorizontalPodAutoscaler of the
     * overlay lab.hpa names where {@code autoscaled}.
     */
    private ServerReplicas replicas(Map<String, String> dbEnv, Path logs, Target.Auth auth, boolean autoscaled)
            throws IOException {
        boolean hpa = autoscaled && settings.autoscale().enabled();
        return new ServerReplicas(
                settings.serverDir(),
                settings.replicas(),
                settings.maxConnections(),
                settings.scaleOutAfter(),
                dbEnv,
                logs,
                DeployFiles.rollout(
                        KubernetesManifests.parse(Files.readString(settings.deployment())),
                        ServerReplicas.DEPLOYMENT,
                        settings.replicas()),
                settings.drills().contains(DrillKind.ROLLING_RESTART),
                auth,
                settings.front(),
                settings.endpointPropagation(),
                PodResources.read(
                        KubernetesManifests.parse(Files.readString(settings.deployment())),
                        ServerReplicas.DEPLOYMENT,
                        settings.dockerfile()),
                Cgroups.detect(),
                hpa
                        ? Optional.of(OverlayHpa.read(
                                settings.deployment(),
                                settings.autoscale().overlay(),
                                settings.autoscale().scaleDownWindow()))
                        : Optional.empty(),
                hpa ? settings.autoscale().coolDown() : Duration.ZERO);
    }

    /**
     * Both sides at once behind the lab's gateway: the template's routes for Topology=hybrid, the function through
     * the RDS Proxy stand-in, the replicas with the hybrid overlay's auth; null (skipped) without PgBouncer.
     */
    private Target hybrid(LabDatabase db, Map<String, String> dbEnv, Path out, Path logs) throws Exception {
        if (auth == null) {
            throw new IllegalArgumentException("the hybrid target runs with its deploy files' auth (the gateway's JWT"
                    + " authorizer on every route): lab.auth=none does not apply to it");
        }
        PgBouncer proxy = bouncer(db, out).orElse(null);
        if (proxy == null) {
            progress.say("PgBouncer is not installed (apt-get install pgbouncer): skipping hybrid, whose Lambda side"
                    + " reaches the database through the RDS Proxy stand-in; the other targets run");
            skipped.add(HybridTarget.NAME + ": PgBouncer not installed");
            return null;
        }
        CloudFormationTemplate hybrid = template().withParameters(Map.of("Topology", "hybrid"));
        Path overlay =
                settings.deployment().getParent().resolveSibling("overlays").resolve("hybrid");
        Target.Auth gateway = auth.behindGateway(HybridTarget.NAME, LabAuth.overlayAuth(overlay));
        // Telemetry on for this target: both sides export to the lab's receiver, one trace per request end to end.
        OtlpReceiver receiver = track(OtlpReceiver.start());
        Map<String, String> telemetry = HybridTarget.telemetry(receiver.endpoint());
        Map<String, String> clusterEnv = new LinkedHashMap<>(dbEnv);
        clusterEnv.putAll(telemetry);
        var lambdaSide = new LambdaTarget(
                LambdaTarget.Variant.HYBRID,
                settings,
                lambdaFunction(),
                db,
                proxy,
                logs,
                progress,
                auth.forMode(HybridTarget.NAME, LabAuth.lambdaMode(hybrid), true));
        lambdaSide.environment(telemetry);
        // The service's own sampler ratio: the edge decides for a new trace as the services would at its root.
        double ratio = settings.traceRatio()
                .orElseGet(() -> EffectiveConfig.ofArtifact(settings.serverDir())
                        .value("quarkus.otel.traces.sampler.arg")
                        .map(Double::parseDouble)
                        .orElse(1.0));
        return new HybridTarget(
                lambdaSide,
                // The hybrid overlay's HPA is not modelled here: the cluster side keeps lab.replicas.
                replicas(clusterEnv, logs, gateway, false),
                HttpApiRoutes.of(hybrid),
                gateway,
                settings.spillover(),
                ratio,
                db,
                settings.sampleInterval(),
                out.resolve(HybridTarget.NAME),
                receiver);
    }

    private String authCaveat(Target target) {
        return "%s ran with auth %s%s."
                .formatted(
                        target.name(),
                        target.auth().description(),
                        auth == null ? ", as lab.auth=none asked" : ", as its deploy files configure it");
    }

    /** The RDS Proxy stand-in, started once for the targets that go through it; empty when it is not installed. */
    private Optional<PgBouncer> bouncer(LabDatabase db, Path out) throws Exception {
        if (bouncer == null) {
            var executable = PgBouncer.executable();
            if (executable.isEmpty()) {
                return Optional.empty();
            }
            // The proxy's borrow timeout from the template the Lambda targets deploy with.
            int borrowTimeout = DeployFiles.proxyBorrowTimeoutSeconds(template())
                    .orElseThrow(() -> new IllegalStateException(
                            "the template " + settings.template() + " has no RDS Proxy to stand in for"));
            // The proxy's idle share (MaxIdleConnectionsPercent of its MaxConnectionsPercent) of the lab's pool.
            int idleConnections = (int) Math.round(settings.proxyPoolSize()
                    * DeployFiles.proxyIdleShare(template()).orElseThrow());
            bouncer = track(PgBouncer.start(
                    executable.get(),
                    out.resolve("pgbouncer"),
                    db,
                    settings.proxyPoolSize(),
                    borrowTimeout,
                    idleConnections));
            versions.put("pgbouncer", bouncer.version());
        }
        return Optional.of(bouncer);
    }

    /** The SAM template the Lambda targets deploy with, read once. */
    private CloudFormationTemplate template() {
        if (template == null) {
            template = CloudFormationTemplate.read(settings.template());
        }
        return template;
    }

    /** The function as the template deploys it. */
    private DeployFiles.LambdaFunction lambdaFunction() {
        if (lambdaFunction == null) {
            lambdaFunction = DeployFiles.lambdaFunction(template());
        }
        return lambdaFunction;
    }

    private TargetResult measure(Target target, LabDatabase db, Path dir) throws Exception {
        List<DrillKind> drills = DrillKind.forTarget(settings.drills(), target.name());
        int hold =
                Math.max(DrillRunner.holdSeconds(drills), settings.autoscale().holdSeconds());
        progress.say("load on %s: profile %s, ~%d s%s"
                .formatted(
                        target.name(),
                        settings.profile(),
                        settings.injectionSeconds(hold),
                        drills.isEmpty()
                                ? ""
                                : ", drills "
                                        + drills.stream().map(DrillKind::label).toList()));
        // Connections are sampled where the lab owns the database; a deployment elsewhere keeps them to itself.
        ActivitySampler sampler = db == null || target.applicationName() == null
                ? null
                : new ActivitySampler(
                        db::adminConnection,
                        target.applicationName(),
                        settings.sampleInterval().toMillis());
        DrillRunner runner = drills.isEmpty()
                ? null
                : new DrillRunner(
                        drills,
                        (drill, faultLog) -> inject(drill, faultLog, target, db),
                        Files.createDirectories(dir).resolve("requests.jsonl"),
                        LoadProfile.named(settings.profile()).rampSeconds(),
                        progress);
        try {
            if (runner != null) {
                // The runner reads the load's start from this run's request log, not from one a previous run left.
                Files.deleteIfExists(dir.resolve("requests.jsonl"));
                runner.start();
            }
            LoadRun.Outcome outcome;
            List<DrillWindow.Fault> faults;
            // The target's and the database's CPU, where the lab runs both.
            CpuMeter cpu = db == null || target.applicationName() == null
                    ? null
                    : new CpuMeter(
                            () -> postmaster(db), settings.sampleInterval().toMillis());
            try {
                outcome = LoadRun.run(settings, target, dir, hold, progress, this::track);
            } finally {
                faults = runner == null ? List.of() : runner.finish();
                if (cpu != null) {
                    cpu.stop();
                }
            }
            List<RequestRecord> log = ResultsJson.readRequestLog(outcome.requestLog());
            long answered = log.stream().filter(r -> r.status() != 0).count();
            if (!target.awaitRecorded(answered, RECORDS_DEADLINE)) {
                progress.say("warning: %s has not recorded all %d answered requests after %s; its causes and extras"
                                .formatted(target.name(), answered, Durations.format(RECORDS_DEADLINE))
                        + " miss the rest");
            }
            var causes = DrillWindow.once(log, target.causes());
            Requests stats = RequestStats.of(log, outcome.startEpochMs(), causes);
            Optional<CpuUse> cpuUse =
                    cpu == null ? Optional.empty() : Optional.of(cpu.use(stats.requests() - stats.errors()));
            List<Drill> drilled = faults.stream()
                    .map(f -> f.withEvents(target.events(), EVENTS_AFTER.toMillis()))
                    .map(f -> DrillWindow.of(f, outcome.startEpochMs(), log, causes))
                    .toList();
            drilled.forEach(d -> progress.say("drill %s on %s: %s, %d errors of %d requests in its window%s"
                    .formatted(
                            d.name(),
                            target.name(),
                            d.verdict()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', ' '),
                            d.errors(),
                            d.requests(),
                            d.recoveryMs()
                                    .map(ms -> ", first success " + ms + " ms after it")
                                    .orElse(""))));
            // Several generators: each Gatling judged only its own part; the run's verdict is on all the requests.
            boolean slosMet = outcome.generators() == 1
                    ? outcome.slosMet()
                    : Slos.met(
                            stats,
                            settings.sloErrorPct(),
                            settings.sloP95().toMillis(),
                            settings.sloP99().toMillis());
            Optional<Ledger> ledger = LedgerCheck.after(target, db, outcome.ledger(), log, progress);
            var bound = target.predictedConnections();
            target.afterLoad();
            Extras extras = target.extras();
            List<ConnectionSample> connections = sampler == null ? target.connections() : sampler.samples();
            Integer peak = sampler != null
                    ? sampler.peak()
                    : connections.stream()
                            .map(ConnectionSample::total)
                            .max(Integer::compare)
                            .orElse(null);
            progress.say("%s: %d requests, %d errors, SLOs %s%s"
                    .formatted(
                            target.name(),
                            stats.requests(),
                            stats.errors(),
                            slosMet ? "met" : "NOT met",
                            peak == null || bound == null
                                    ? ""
                                    : ", peak connections %d of %d predicted".formatted(peak, bound.connections())));
            TargetResult result = new TargetResult(
                    target.name(),
                    target.description(),
                    slosMet,
                    outcome.gatlingReport()
                            .map(report ->
                                    settings.outputDir().relativize(report).toString()),
                    stats,
                    Optional.ofNullable(peak),
                    bound == null || peak == null
                            ? Optional.empty()
                            : Optional.of(new Budget(
                                    bound.connections(),
                                    bound.limit(),
                                    bound.arithmetic(),
                                    peak <= bound.connections())),
                    connections,
                    extras,
                    ledger,
                    drilled,
                    cpuUse);
            List<dev.twinstack.results.Trace> traces = target.traces();
            return traces.isEmpty() ? result : result.withTraces(traces);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
        }
    }

    /**
     * The pods the Kubernetes cost is sized from: lab.deployment's Deployment and the HorizontalPodAutoscaler beside it;
     * empty, and said, when they cannot be read (a Deployment file of one's own without an {@code hpa.yaml} beside it).
     */
    private Optional<DeployFiles.KubernetesPods> kubernetesPods() {
        try {
            return Optional.of(DeployFiles.kubernetesPods(settings.deployment()));
        } catch (RuntimeException e) {
            progress.say("no cost projection: the pods and the HorizontalPodAutoscaler beside %s cannot be read (%s)"
                    .formatted(settings.deployment(), e.getMessage()));
            skipped.add("cost projection: no HorizontalPodAutoscaler beside " + settings.deployment());
            return Optional.empty();
        }
    }

    /** The database's postmaster now, or -1 while it is down. */
    private static long postmaster(LabDatabase db) {
        try {
            return db.pid();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The database's and the proxy's drills are the lab's; the others, the target's own. */
    private void inject(DrillKind drill, FaultLog log, Target target, LabDatabase db) throws Exception {
        switch (drill) {
            case DB_FAILOVER -> db.failover(Duration.ofSeconds(DrillKind.OUTAGE_SECONDS), log);
            case PROXY_CRASH -> {
                if (bouncer == null) {
                    throw new FaultLog.NotObserved(target.name() + " does not go through PgBouncer");
                }
                bouncer.crash(log);
            }
            default -> target.inject(drill, log);
        }
    }

    private Run runInfo(Instant startedAt, LabDatabase db, List<String> caveats) {
        if (db != null) {
            versions.put("postgresql", db.version());
        }
        versions.put(
                "twinstack",
                Lab.class.getPackage().getImplementationVersion() == null
                        ? "dev"
                        : Lab.class.getPackage().getImplementationVersion());
        return new Run(
                startedAt,
                settings.profile(),
                settings.scale(),
                settings.burstGapSeconds(),
                settings.seedUsers(),
                Machine.current(),
                versions,
                settings.maxConnections(),
                skipped,
                caveats);
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.push(resource);
        return resource;
    }

    synchronized void closeAll() {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                System.err.println("[lab] while stopping: " + e);
            }
        }
    }
}
