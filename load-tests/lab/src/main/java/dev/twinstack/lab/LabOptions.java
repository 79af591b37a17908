package dev.twinstack.lab;

import dev.twinstack.collect.Collection;
import dev.twinstack.loadtest.LoadProfile;
import dev.twinstack.toolkit.Durations;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The lab's command line. Every option {@code --some-name} is also the system property {@code lab.someName}, which
 * gives its default: that is how {@code ./mvnw -Plab package -Dlab.someName=...} reaches it (the pom forwards every
 * {@code lab.*} property, empty when not set). An option's own default is written once, here; a {@code lab.*}
 * property that names no option is refused.
 */
@Command(
        name = "lab",
        sortOptions = false,
        showDefaultValues = true,
        usageHelpWidth = 120,
        description = {
            "The comparison lab: each target under the same load, its database connections sampled, then results.json"
                    + " and the report.",
            "Every option --some-name is also the system property lab.someName (e.g. -Dlab.burstGap=20s);"
                    + " durations are a whole number and a unit: 500ms, 15s, 5m, 1h."
        })
final class LabOptions {

    static final String PROPERTY_PREFIX = "lab.";
    private static final Pattern MAVEN_PROPERTY = Pattern.compile("(?:^|\\s)-D(lab\\.[^=\\s]+)");

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Print every option with its default, and exit.")
    boolean help;

    @Option(
            names = "--profile",
            defaultValue = "steady",
            description = "Load profile (see ../scenarios): smoke, steady, burst, spike, classic; or scale-out, the"
                    + " lab's own for the k8s HorizontalPodAutoscaler: steady at " + SCALE_OUT_SCALE
                    + " times lab.scale,"
                    + " its constant phase held " + SCALE_OUT_HOLD_SECONDS + " s, the replicas starting at the HPA's"
                    + " minimum, a scale-down window of " + SCALE_OUT_WINDOW_SECONDS
                    + " s unless lab.hpaScaleDownWindow"
                    + " says otherwise, and up to " + SCALE_OUT_COOL_DOWN_SECONDS + " s after the load for the"
                    + " scale-in.")
    String profile;

    @Option(names = "--scale", defaultValue = "1", description = "Multiplies every rate.")
    double scale;

    @Option(
            names = "--burst-gap",
            defaultValue = "20s",
            description = "Idle time between bursts, whole seconds (longer than --lambda-idle, so bursts meet cold"
                    + " environments).")
    Duration burstGap;

    @Option(
            names = "--targets",
            defaultValue = "lambda,lambda-ondemand,k8s",
            split = ",",
            description = "Comma-separated: lambda (as the template deploys it: SnapStart, through the RDS Proxy"
                    + " stand-in), lambda-ondemand (no SnapStart), lambda-direct (no proxy), k8s, hybrid (both at once"
                    + " behind the lab's gateway, the template's Topology=hybrid routes), or name=url for a deployment"
                    + " the lab does not run.")
    List<String> targets;

    @Option(
            names = "--drill",
            defaultValue = "none",
            description = "Faults to inject under load, one after the other on each target they apply to:"
                    + " db-failover (all targets), proxy-crash (the targets through PgBouncer), kill-env (the Lambda"
                    + " targets), kill-pod and rolling-restart (k8s), a comma-separated list, all, or none."
                    + " Only the targets the drills apply to run; the smoke or steady profile's constant phase is held"
                    + " long enough for them.")
    String drill;

    @Option(
            names = "--replicas",
            defaultValue = "2",
            description = "Kubernetes replicas before the load (pre-warmed), within the HPA's bounds when lab.hpa names"
                    + " an overlay.")
    int replicas;

    @Option(
            names = "--hpa",
            defaultValue = "local",
            description = "The overlay of ../../deploy-k8s/kustomize/overlays whose HorizontalPodAutoscaler scales the"
                    + " k8s replicas (rendered with kubectl kustomize; without kubectl, the base's hpa.yaml): local,"
                    + " prod, hybrid; or none for a fixed count (lab.replicas, lab.scaleOutAfter).")
    String hpa;

    @Option(
            names = "--hpa-scale-down-window",
            defaultValue = "",
            description = "Replaces the HPA's scale-down stabilisation window (the overlay's behavior, 300 s), so a"
                    + " scale-in fits a short run; shown on the page. Empty: the overlay's.")
    String hpaScaleDownWindow;

    @Option(
            names = "--scale-out-after",
            defaultValue = "0s",
            description = "Time into the load after which replicas 2..N start (0s: all from the start).")
    Duration scaleOutAfter;

    @Option(
            names = "--lambda-concurrency",
            defaultValue = "3",
            description = "The function's reserved concurrency (environments at most); beyond it invocations are"
                    + " throttled. Three environments at the template's 1,024 MB take 1.74 vCPU: they fit two cores.")
    int lambdaConcurrency;

    @Option(
            names = "--lambda-idle",
            defaultValue = "10s",
            description = "How long an idle environment is still routed to.")
    Duration lambdaIdle;

    @Option(
            names = "--lambda-abandon",
            defaultValue = "5s",
            description = "How long an environment stays frozen (its connection open) after that, before it is killed.")
    Duration lambdaAbandon;

    @Option(
            names = "--lambda-snapshot-load",
            defaultValue = "0s",
            description = "Time added to each SnapStart restore for loading the snapshot, which AWS counts in Restore"
                    + " Duration (not billed) and this machine cannot show; AWS publishes no figure.")
    Duration lambdaSnapshotLoad;

    @Option(
            names = "--lambda-snapshot-copies",
            defaultValue = "0",
            description = "SnapStart copies published before the load (0: twice the reserved concurrency). Lambda"
                    + " restores every environment from one snapshot and initialises nothing after publishing; the lab's"
                    + " copies are used up by restores and not replaced during the load, so none initialises beside"
                    + " the measured requests. A restore that finds none left waits for one to initialise (reported).")
    int lambdaSnapshotCopies;

    @Option(
            names = "--proxy-pool",
            defaultValue = "4",
            description = "PgBouncer's pool: the RDS Proxy stand-in's server connections.")
    int proxyPool;

    @Option(names = "--max-connections", defaultValue = "40", description = "The database's max_connections.")
    int maxConnections;

    @Option(names = "--seed-users", defaultValue = "10000", description = "Users seeded by migrate mode.")
    int seedUsers;

    @Option(
            names = "--slo-error-pct",
            defaultValue = "5",
            description = "The scenario's SLO on errors, in percent of requests, per target.")
    double sloErrorPct;

    @Option(names = "--slo-p95", defaultValue = "2s", description = "The scenario's SLO on p95 latency, per target.")
    Duration sloP95;

    @Option(names = "--slo-p99", defaultValue = "10s", description = "The scenario's SLO on p99 latency, per target.")
    Duration sloP99;

    @Option(
            names = "--sample-interval",
            defaultValue = "250ms",
            description = "How often the database's connections (and PgBouncer's pools) are sampled.")
    Duration sampleInterval;

    @Option(
            names = "--load-generators",
            defaultValue = "1",
            description =
                    "Load generator processes per target, each a slice of the profile's arrivals, started together"
                            + " and their request logs merged into one result: the rehearsal of the distributed load of"
                            + " ../kubernetes.")
    int loadGenerators;

    @Option(names = "--out", defaultValue = "target/lab", description = "Where results.json and the report go.")
    Path out;

    @Option(
            names = "--template",
            defaultValue = "../../deploy-lambda/template.yaml",
            description = "The SAM template the Lambda targets are configured from, with its parameters' defaults:"
                    + " memory size (and so CPU share), runtime, SnapStart, timeout, architecture (for the cost).")
    Path template;

    @Option(
            names = "--deployment",
            defaultValue = "../../deploy-k8s/kustomize/base/deployment.yaml",
            description = "The Kubernetes Deployment the replicas follow: its probes (readiness period, failure"
                    + " threshold, timeout; the startup probe's period), its rolling update (maxSurge, maxUnavailable)"
                    + " and its termination grace period.")
    Path deployment;

    @Option(
            names = "--front",
            defaultValue = "ingress",
            description =
                    "What the Kubernetes replicas are reached through: ingress (as the manifests deploy them behind"
                            + " ingress-nginx: each request balanced on its own over keep-alive connections, a failed try"
                            + " passed to another replica by nginx's proxy_next_upstream rule) or service (a Service alone:"
                            + " each client connection pinned to one replica).")
    String front;

    @Option(
            names = "--endpoint-propagation",
            defaultValue = "1s",
            description = "From a replica's change of readiness (or its exit, or its termination) to the front's: the"
                    + " endpoint's removal or addition reaching the ingress controller or kube-proxy. Not a Kubernetes"
                    + " setting: the lab's assumption for one cluster hop.")
    Duration endpointPropagation;

    @Option(
            names = "--dockerfile",
            defaultValue = "../../deploy-k8s/src/main/docker/Dockerfile",
            description = "The server image's recipe: its default target's ENTRYPOINT gives the replicas' JVM options"
                    + " (heap as a share of the container's memory limit, the start-time archive), unless the"
                    + " Deployment's container sets its own command.")
    Path dockerfile;

    @Option(
            names = "--spillover",
            defaultValue = "false",
            arity = "1",
            description = "Lab-only, for the hybrid target: when the Kubernetes side answers 503 with Retry-After, the"
                    + " gateway tries the request once more on Lambda (HTTP API cannot; on AWS it takes weighted target"
                    + " groups on an Application Load Balancer or a client-side rule). true or false. Default:"
                    + " ${DEFAULT-VALUE}")
    boolean spillover;

    @Option(
            names = "--trace-ratio",
            defaultValue = "",
            description = "For the hybrid target, which runs with telemetry on: the share of new traces the gateway"
                    + " samples at the edge (0 to 1; the services' parent-based sampler follows its decision). Default:"
                    + " the server build's own quarkus.otel.traces.sampler.arg, as the services would sample at the"
                    + " root (empty).")
    String traceRatio;

    @Option(
            names = "--auth",
            defaultValue = LabAuth.DEPLOY_FILES,
            description = "deploy-files: each target authenticates as its deploy files configure it (the template's"
                    + " function in gateway mode behind the front's JWT authorizer, the base overlay's replicas in jwt"
                    + " mode), with bearer tokens the load generators mint from a key pair generated for the run;"
                    + " none: no auth anywhere.")
    String auth;

    @Option(
            names = "--server-dir",
            defaultValue = "target/server",
            description = "The unpacked Kubernetes server build (the build puts it there).")
    Path serverDir;

    @Option(
            names = "--function-dir",
            defaultValue = "target/function",
            description = "The unpacked function.zip (the build puts it there).")
    Path functionDir;

    @Option(
            names = "--aws-function",
            defaultValue = "",
            split = ",",
            description = "NAME=FUNCTION: for the deployment NAME of --targets (NAME=URL), read its Lambda function's"
                    + " REPORT figures (one Logs Insights query over /aws/lambda/FUNCTION) and its ConcurrentExecutions"
                    + " and Throttles (CloudWatch) for the run's window. Read-only credentials from the SDK's default"
                    + " chain: ../collect/iam-policy.json.")
    List<String> awsFunction;

    @Option(
            names = "--aws-proxy",
            defaultValue = "",
            split = ",",
            description = "NAME=PROXY: for the deployment NAME, read its RDS Proxy's DatabaseConnections,"
                    + " ClientConnections and DatabaseConnectionsCurrentlySessionPinned (CloudWatch).")
    List<String> awsProxy;

    @Option(
            names = "--aws-region",
            defaultValue = "",
            description = "The region of --aws-function and --aws-proxy (unset: the SDK's default region chain).")
    String awsRegion;

    @Option(
            names = "--k8s-deployment",
            defaultValue = "",
            split = ",",
            description = "NAME=NAMESPACE/DEPLOYMENT: for the deployment NAME, sample the Deployment's replicas and its"
                    + " pods' CPU (metrics API) during the run and read its pods' start to ready and restarts, from the"
                    + " current kubeconfig's cluster: ../collect/rbac.yaml.")
    List<String> k8sDeployment;

    @Option(
            names = "--db-read-only-url",
            defaultValue = "",
            split = ",",
            description = "NAME=JDBC-URL: for the deployment NAME, sample its database's connections from"
                    + " pg_stat_activity through this read-only URL.")
    List<String> dbReadOnlyUrl;

    @Option(
            names = "--k8s-prometheus",
            defaultValue = "",
            split = ",",
            description = "NAME=URL: for the deployment NAME of --k8s-deployment, read its pods' CPU over the run from"
                    + " this Prometheus (query_range over cAdvisor's container_cpu_usage_seconds_total) instead of the"
                    + " metrics API.")
    List<String> k8sPrometheus;

    @Option(
            names = "--collect-interval",
            defaultValue = "5s",
            description = "How often a collected deployment's replicas, CPU and database connections are sampled.")
    Duration collectInterval;

    @Option(
            names = "--collect-settle",
            defaultValue = "90s",
            description = "How long to wait after a collected deployment's run before reading CloudWatch: REPORT lines"
                    + " and metrics arrive late.")
    Duration collectSettle;

    /** The scale-out profile: the steady profile at this many times lab.scale. */
    static final int SCALE_OUT_SCALE = 4;

    static final int SCALE_OUT_HOLD_SECONDS = 90;
    static final int SCALE_OUT_WINDOW_SECONDS = 30;
    static final int SCALE_OUT_COOL_DOWN_SECONDS = 150;

    LabOptions() {}

    /**
     * The settings from {@code args} and the {@code lab.*} system properties; empty when help was asked for (and
     * printed to {@code out}). Bad input fails with a message naming the option or property.
     */
    static Optional<LabSettings> parse(PrintWriter out, Properties properties, String... args) {
        LabOptions options = new LabOptions();
        CommandLine cli = commandLine(options, properties);
        refuseUnknownProperties(cli, properties);
        cli.parseArgs(args);
        if (cli.isUsageHelpRequested() || Boolean.parseBoolean(properties.getProperty(PROPERTY_PREFIX + "help"))) {
            cli.usage(out);
            out.flush();
            return Optional.empty();
        }
        return Optional.of(options.settings(cli));
    }

    /** The command line of {@code options}, whose defaults come from {@code properties} where they are set. */
    static CommandLine commandLine(LabOptions options, Properties properties) {
        CommandLine cli = new CommandLine(options);
        cli.registerConverter(Duration.class, new Durations.Converter());
        cli.setDefaultValueProvider(arg -> fromProperty(arg, properties));
        return cli;
    }

    /** {@code --lambda-concurrency} is {@code lab.lambdaConcurrency}. */
    static String property(OptionSpec option) {
        String[] words = option.longestName().replaceFirst("^-+", "").split("-");
        StringBuilder name = new StringBuilder(PROPERTY_PREFIX).append(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

    /** Every property an option reads, in the order of the options. */
    static List<String> properties() {
        return commandLine(new LabOptions(), new Properties()).getCommandSpec().options().stream()
                .map(LabOptions::property)
                .toList();
    }

    private static String fromProperty(ArgSpec arg, Properties properties) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String property = property(option);
        String value = properties.getProperty(property);
        if (value == null || value.isBlank()) {
            // Not set: the pom forwards an unset property as empty; the option's own default applies.
            return null;
        }
        if (value.startsWith("${")) {
            throw new IllegalArgumentException(
                    property + " reached the lab as " + value + ": the pom does not define it (see lab's pom.xml)");
        }
        return value;
    }

    /**
     * Refuses a {@code -Dlab.*} on the Maven command line (which the {@code mvn} script exports as
     * {@code MAVEN_CMD_LINE_ARGS}) that names no option: the pom forwards only the properties it lists, so Maven would
     * otherwise drop a misspelt one without a word.
     */
    static void refuseUnknownMavenProperties(String mavenCommandLine) {
        if (mavenCommandLine == null) {
            return;
        }
        Properties named = new Properties();
        Matcher property = MAVEN_PROPERTY.matcher(mavenCommandLine);
        while (property.find()) {
            named.setProperty(property.group(1), "");
        }
        refuseUnknownProperties(commandLine(new LabOptions(), new Properties()), named);
    }

    private static void refuseUnknownProperties(CommandLine cli, Properties properties) {
        Set<String> known = cli.getCommandSpec().options().stream()
                .map(LabOptions::property)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unknown = properties.stringPropertyNames().stream()
                .filter(name -> name.startsWith(PROPERTY_PREFIX) && !known.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(
                    cli, "unknown lab setting(s) " + unknown + "; the lab reads " + known + " (run with -h)");
        }
    }

    private LabSettings settings(CommandLine cli) {
        if (loadGenerators < 1) {
            throw new CommandLine.ParameterException(
                    cli, "--load-generators (lab.loadGenerators) is at least 1: " + loadGenerators);
        }
        if (burstGap.toMillis() % 1000 != 0) {
            throw new CommandLine.ParameterException(
                    cli, "--burst-gap (lab.burstGap) is whole seconds, as the scenario takes it: " + burstGap);
        }
        List<DrillKind> drills;
        try {
            drills = DrillKind.parse(drill);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--drill (lab.drill): " + e.getMessage());
        }
        if (!profile.equals(LabSettings.Autoscale.SCALE_OUT)) {
            try {
                LoadProfile.named(profile);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        cli, "--profile (lab.profile): " + e.getMessage() + ", scale-out");
            }
        }
        if (!drills.isEmpty()
                && !LoadProfile.named(profile.equals(LabSettings.Autoscale.SCALE_OUT) ? "steady" : profile)
                        .holds()) {
            throw new CommandLine.ParameterException(
                    cli, "--drill (lab.drill) runs under the smoke or steady profile, not " + profile);
        }
        if (spillover && !targets.stream().map(String::trim).toList().contains(HybridTarget.NAME)) {
            throw new CommandLine.ParameterException(
                    cli, "--spillover (lab.spillover) applies to the hybrid target only: add hybrid to --targets");
        }
        Optional<Double> edgeRatio = traceRatio(cli);
        LabSettings.Autoscale autoscale = autoscale(cli);
        boolean scaleOut = profile.equals(LabSettings.Autoscale.SCALE_OUT);
        return new LabSettings(
                scaleOut ? "steady" : profile,
                scaleOut ? SCALE_OUT_SCALE * scale : scale,
                burstGap,
                seedUsers,
                maxConnections,
                scaleOut ? 1 : replicas,
                scaleOutAfter,
                targets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
                out.toAbsolutePath(),
                serverDir.toAbsolutePath(),
                functionDir.toAbsolutePath(),
                template.toAbsolutePath().normalize(),
                lambdaConcurrency,
                lambdaIdle,
                lambdaAbandon,
                lambdaSnapshotLoad,
                lambdaSnapshotCopies > 0 ? lambdaSnapshotCopies : 2 * lambdaConcurrency,
                proxyPool,
                sloErrorPct,
                sloP95,
                sloP99,
                sampleInterval,
                loadGenerators,
                collectPlans(cli),
                Optional.ofNullable(awsRegion).filter(r -> !r.isBlank()),
                drills,
                deployment.toAbsolutePath().normalize(),
                auth(cli),
                front(cli),
                endpointPropagation,
                dockerfile.toAbsolutePath().normalize(),
                spillover,
                edgeRatio,
                autoscale);
    }

    private Optional<Double> traceRatio(CommandLine cli) {
        if (traceRatio.isBlank()) {
            return Optional.empty();
        }
        try {
            double ratio = Double.parseDouble(traceRatio.strip());
            if (ratio >= 0 && ratio <= 1) {
                return Optional.of(ratio);
            }
        } catch (NumberFormatException e) {
            // Answered below, as an out-of-range share is.
        }
        throw new CommandLine.ParameterException(
                cli, "--trace-ratio (lab.traceRatio) is a share between 0 and 1, or empty: " + traceRatio);
    }

    /** lab.hpa and lab.hpaScaleDownWindow, with what lab.profile=scale-out adds. */
    private LabSettings.Autoscale autoscale(CommandLine cli) {
        String overlay = hpa.trim().toLowerCase(java.util.Locale.ROOT);
        if (!overlay.matches("[a-z0-9-]+")) {
            throw new CommandLine.ParameterException(cli, "--hpa (lab.hpa) names an overlay or none: " + hpa);
        }
        boolean scaleOut = profile.equals(LabSettings.Autoscale.SCALE_OUT);
        if (overlay.equals(LabSettings.Autoscale.NONE) && scaleOut) {
            throw new CommandLine.ParameterException(
                    cli, "--profile scale-out is for the HorizontalPodAutoscaler: --hpa (lab.hpa) names its overlay");
        }
        if (!overlay.equals(LabSettings.Autoscale.NONE) && !scaleOutAfter.isZero()) {
            throw new CommandLine.ParameterException(
                    cli,
                    "--scale-out-after (lab.scaleOutAfter) is a fixed scale-out without the HorizontalPodAutoscaler:"
                            + " set --hpa none (lab.hpa=none) with it");
        }
        Optional<Duration> window;
        try {
            window = hpaScaleDownWindow == null || hpaScaleDownWindow.isBlank()
                    ? Optional.empty()
                    : Optional.of(Durations.parse(hpaScaleDownWindow.trim()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    cli, "--hpa-scale-down-window (lab.hpaScaleDownWindow): " + e.getMessage());
        }
        if (scaleOut) {
            return new LabSettings.Autoscale(
                    overlay,
                    window.or(() -> Optional.of(Duration.ofSeconds(SCALE_OUT_WINDOW_SECONDS))),
                    Duration.ofSeconds(SCALE_OUT_COOL_DOWN_SECONDS),
                    SCALE_OUT_HOLD_SECONDS);
        }
        return new LabSettings.Autoscale(overlay, window, Duration.ZERO, 0);
    }

    private String auth(CommandLine cli) {
        if (!auth.equals(LabAuth.DEPLOY_FILES) && !auth.equals(LabAuth.NONE)) {
            throw new CommandLine.ParameterException(
                    cli, "--auth (lab.auth) is " + LabAuth.DEPLOY_FILES + " or " + LabAuth.NONE + ": " + auth);
        }
        return auth;
    }

    private Front.Kind front(CommandLine cli) {
        try {
            return Front.Kind.named(front);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--front (lab.front): " + e.getMessage());
        }
    }

    /** What to collect of each deployment the lab does not run, by its name in --targets. */
    private Map<String, Collection.Plan> collectPlans(CommandLine cli) {
        Set<String> external = targets.stream()
                .map(String::trim)
                .filter(t -> t.contains("="))
                .map(t -> t.substring(0, t.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> functions = named(cli, "--aws-function", awsFunction, external);
        Map<String, String> proxies = named(cli, "--aws-proxy", awsProxy, external);
        Map<String, String> deployments = named(cli, "--k8s-deployment", k8sDeployment, external);
        Map<String, String> urls = named(cli, "--db-read-only-url", dbReadOnlyUrl, external);
        Map<String, String> prometheus = named(cli, "--k8s-prometheus", k8sPrometheus, external);
        Map<String, Collection.Plan> plans = new LinkedHashMap<>();
        for (String name : external) {
            Optional<String> deployment = Optional.ofNullable(deployments.get(name));
            if (deployment.isPresent() && !deployment.get().matches("[^/\\s]+/[^/\\s]+")) {
                throw new CommandLine.ParameterException(
                        cli,
                        "--k8s-deployment (lab.k8sDeployment) takes NAME=NAMESPACE/DEPLOYMENT: " + deployment.get());
            }
            Collection.Plan plan = new Collection.Plan(
                    Optional.ofNullable(functions.get(name)),
                    Optional.ofNullable(proxies.get(name)),
                    deployment.map(d -> d.substring(0, d.indexOf('/'))),
                    deployment.map(d -> d.substring(d.indexOf('/') + 1)),
                    Optional.ofNullable(urls.get(name)),
                    collectInterval,
                    collectSettle,
                    Collection.QUERY_DEADLINE,
                    Optional.ofNullable(prometheus.get(name)).map(URI::create));
            if (plan.prometheus().isPresent() && deployment.isEmpty()) {
                throw new CommandLine.ParameterException(
                        cli,
                        "--k8s-prometheus (lab.k8sPrometheus) reads a Deployment's CPU: name it with --k8s-deployment"
                                + " for " + name);
            }
            if (!plan.isEmpty()) {
                plans.put(name, plan);
            }
        }
        return plans;
    }

    /** NAME=VALUE pairs of one option, each NAME a deployment of --targets. */
    private static Map<String, String> named(
            CommandLine cli, String option, List<String> values, Set<String> external) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String value : values == null ? List.<String>of() : values) {
            String v = value.trim();
            if (v.isEmpty()) {
                continue;
            }
            int eq = v.indexOf('=');
            if (eq <= 0 || !external.contains(v.substring(0, eq))) {
                throw new CommandLine.ParameterException(
                        cli,
                        option + " takes NAME=VALUE, NAME a deployment the lab does not run (--targets NAME=URL; here "
                                + external + "): " + v);
            }
            named.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return named;
    }
}
