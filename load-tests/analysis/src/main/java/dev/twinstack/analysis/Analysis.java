package dev.twinstack.analysis;

import dev.twinstack.toolkit.CloudFormationTemplate;
import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.KubernetesManifests;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code budget} reads the deploy files and prints each target's worst case of database connections
 * (exit 1 when one can exhaust the database); {@code cost} prints the monthly projection. {@code -h} lists every
 * option.
 */
@Command(
        name = "analysis",
        subcommands = {Analysis.Budget.class, Analysis.Cost.class},
        description = "The connection budget of the deploy files, and the cost projection of both targets.")
public final class Analysis implements Runnable {

    static final List<Double> VOLUMES = List.of(1e6, 5e6, 10e6, 50e6, 100e6, 500e6);

    @Spec
    CommandSpec spec;

    @Mixin
    Help help;

    /** {@code -h} on every command: its usage with every option. */
    static final class Help {

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Print this usage with every option, and exit.")
        boolean requested;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Exit 0 when every target fits, 1 when one can exhaust the database, 2 for bad input or a missing tool. */
    static CommandLine commandLine() {
        return new CommandLine(new Analysis())
                .registerConverter(Duration.class, new Durations.Converter())
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException
                            || e instanceof NoSuchElementException
                            || e instanceof UncheckedIOException) {
                        command.getErr().println("analysis: " + e.getMessage());
                        return CommandLine.ExitCode.USAGE;
                    }
                    throw e;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: budget or cost");
    }

    @Command(
            name = "budget",
            description = {
                "Each target's worst case of database connections, read from the deploy files: the SAM template, the"
                        + " Kubernetes overlay rendered by kubectl kustomize, each deployable's configuration.",
                "With Topology=hybrid both sides share one database: their sum (the proxy's share, the cluster's"
                        + " bound, its migration Job) is checked against max_connections too.",
                "Exit status 1 when a target, or both sides together, can exhaust the database."
            })
    static final class Budget implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Help help;

        @Option(
                names = "--root",
                defaultValue = ".",
                paramLabel = "DIR",
                description = "The project's root directory (default: ${DEFAULT-VALUE}).")
        Path root;

        @Option(
                names = "--max-connections",
                defaultValue = "200",
                paramLabel = "N",
                description = "The database's max_connections (default: ${DEFAULT-VALUE}).")
        int maxConnections;

        @Option(
                names = "--overlay",
                paramLabel = "NAME",
                description = "The Kubernetes overlay under deploy-k8s/kustomize/overlays (default: hybrid when the"
                        + " template's parameters route to the cluster, Topology=hybrid; else prod).")
        String overlay;

        @Parameters(
                paramLabel = "Parameter=Value",
                arity = "0..*",
                description = "Template parameters as at sam deploy; without one, the template's Default is used.")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Override
        public Integer call() {
            ConnectionBudget.Result result = budget(root, overlay, maxConnections, parameters);
            PrintWriter out = spec.commandLine().getOut();
            out.print(describe(result));
            if (HYBRID_OVERLAY.equals(overlay)
                    && result.bounds().stream().noneMatch(b -> b.target().equals(ConnectionBudget.HYBRID))) {
                out.println("The template's parameters route nothing to the cluster: the sides are not added up."
                        + " Pass Topology=hybrid for the one database both sides share.");
            }
            out.flush();
            return result.ok() ? 0 : 1;
        }
    }

    @Command(
            name = "cost",
            description = "The monthly cost of each target from 1M to 500M requests a month, and where they cross.")
    static final class Cost implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Help help;

        @Option(
                names = "--root",
                defaultValue = ".",
                paramLabel = "DIR",
                description = "The project's root directory, whose deploy-lambda/template.yaml gives the memory and"
                        + " architecture not given here (default: ${DEFAULT-VALUE}).")
        Path root;

        @Option(
                names = "--memory-mb",
                paramLabel = "MB",
                description = "The function's memory (default: the template's MemorySize).")
        Integer memoryMb;

        @Option(
                names = "--architecture",
                paramLabel = "ARCH",
                description = "arm64 or x86_64 (default: the template's Architectures).")
        String architecture;

        @Option(
                names = "--duration",
                defaultValue = "100ms",
                paramLabel = "DURATION",
                description = "Mean billed duration of an invocation, e.g. 100ms (default: ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(
                names = "--cold-ratio",
                defaultValue = "0.01",
                paramLabel = "RATIO",
                description = "Share of invocations that start an environment (default: ${DEFAULT-VALUE}).")
        double coldRatio;

        @Option(
                names = "--init",
                defaultValue = "2s",
                paramLabel = "DURATION",
                description = "Mean INIT phase of a cold start, billed, e.g. 2s (default: ${DEFAULT-VALUE}).")
        Duration init;

        @Option(
                names = "--restore",
                defaultValue = "0ms",
                paramLabel = "DURATION",
                description = "Mean Billed Restore Duration of a SnapStart restore, billed as duration; a cold start is"
                        + " then a restore (Java: no other SnapStart charge), e.g. 200ms (default: ${DEFAULT-VALUE}:"
                        + " no SnapStart).")
        Duration restore;

        @Option(
                names = "--db-vcpus",
                defaultValue = "2",
                paramLabel = "N",
                description = "vCPUs of the database behind RDS Proxy, which the proxy is billed by"
                        + " (default: ${DEFAULT-VALUE}).")
        int dbVcpus;

        @Option(
                names = "--cpu-per-request",
                defaultValue = "20ms",
                paramLabel = "DURATION",
                description = "CPU time one request costs a Kubernetes pod, e.g. 20ms, as the lab measures it"
                        + " (default: ${DEFAULT-VALUE}).")
        Duration cpuPerRequest;

        @Option(
                names = "--lambda-share",
                paramLabel = "RATIO",
                description = "Price a hybrid split too: the share of requests the route table sends to the function"
                        + " (0 to 1), the rest to the cluster, beside all-Lambda and all-Kubernetes.")
        Double lambdaShare;

        @Option(
                names = "--mix",
                split = ",",
                paramLabel = "PATH=WEIGHT",
                description = "Price a hybrid split with the share the template's route table (Topology=hybrid) gives"
                        + " this mix of request paths, e.g. /api/users=1,/api/orders=3.")
        Map<String, Double> mix;

        @Option(
                names = "--pricing",
                paramLabel = "FILE",
                description = "A pricing file in the bundled pricing.json's format (default: the bundled one).")
        Path pricing;

        @Override
        public Integer call() throws IOException {
            if (memoryMb == null || architecture == null) {
                var function = DeployFiles.lambdaFunction(
                        CloudFormationTemplate.read(root.resolve("deploy-lambda/template.yaml")));
                memoryMb = memoryMb == null ? function.memoryMb() : memoryMb;
                architecture = architecture == null ? function.architecture() : architecture;
            }
            if (!architecture.equals("arm64") && !architecture.equals("x86_64")) {
                throw new IllegalArgumentException("--architecture is arm64 or x86_64, not " + architecture);
            }
            var lambda = new CostProjection.LambdaProfile(
                    memoryMb,
                    architecture.equals("arm64"),
                    millis(duration),
                    coldRatio,
                    restore.isZero() ? millis(init) : 0,
                    millis(restore),
                    dbVcpus);
            var pods = DeployFiles.kubernetesPods(root.resolve("deploy-k8s/kustomize/base/deployment.yaml"));
            var k8s = KubernetesReference.of(pods, millis(cpuPerRequest) / 1000);
            Pricing prices = pricing == null ? Pricing.defaults() : Pricing.from(pricing);
            var projection = new CostProjection(prices);
            Double share = split();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Lambda at %d MB on %s".formatted(memoryMb, architecture));
            if (share == null) {
                out.println("%14s %12s %12s".formatted("requests/mo", "Lambda $/mo", "K8s $/mo"));
            } else {
                out.println("%14s %12s %12s %12s"
                        .formatted(
                                "requests/mo",
                                "Lambda $/mo",
                                "K8s $/mo",
                                "%.0f/%.0f $/mo".formatted(100 * share, 100 * (1 - share))));
            }
            for (var line : projection.table(VOLUMES, lambda, k8s)) {
                String row =
                        "%14.0f %12.2f %12.2f".formatted(line.requestsPerMonth(), line.lambda(), line.kubernetes());
                if (share != null) {
                    row += " %12.2f"
                            .formatted(projection
                                    .split(line.requestsPerMonth(), share, lambda, k8s)
                                    .total());
                }
                out.println(row);
            }
            if (share != null) {
                out.println(("Split: %.0f %% of requests on Lambda, %.0f %% on Kubernetes; the HTTP API takes every"
                                + " request, each side's fixed costs (the proxy, the cluster and its minimum of pods)"
                                + " count once")
                        .formatted(100 * share, 100 * (1 - share)));
            }
            Double crossover = projection.crossover(lambda, k8s);
            out.println(
                    crossover == null
                            ? "no crossover below 10 billion requests a month"
                            : "Lambda costs more above ~%.1f million requests a month".formatted(crossover / 1e6));
            out.println("A projection: " + String.join("; ", KubernetesReference.assumptions(prices, pods, k8s)));
            out.flush();
            return 0;
        }

        /** The share of requests on Lambda for the split, from --lambda-share or --mix; null when none is asked. */
        private Double split() {
            if (lambdaShare != null && mix != null) {
                throw new IllegalArgumentException("give --lambda-share or --mix, not both");
            }
            if (mix != null) {
                var template = CloudFormationTemplate.read(root.resolve("deploy-lambda/template.yaml"))
                        .withParameters(DeployFiles.HYBRID_TOPOLOGY);
                return DeployFiles.lambdaShare(DeployFiles.routes(template), mix);
            }
            if (lambdaShare != null && (lambdaShare < 0 || lambdaShare > 1)) {
                throw new IllegalArgumentException("--lambda-share is between 0 and 1, not " + lambdaShare);
            }
            return lambdaShare;
        }

        private static double millis(Duration duration) {
            return duration.toNanos() / 1e6;
        }
    }

    /** The overlay a hybrid deployment pairs with the template (Topology=hybrid). */
    static final String HYBRID_OVERLAY = "hybrid";

    /**
     * The budget of the project's deploy files under {@code root}, the Kubernetes overlay rendered by kubectl (null: the
     * one the template's topology pairs with). When the template routes to the cluster (Topology=hybrid), both sides
     * share one database and their sum is a bound of its own.
     */
    public static ConnectionBudget.Result budget(
            Path root, String overlay, int maxConnections, Map<String, String> parameters) {
        var template = CloudFormationTemplate.read(root.resolve("deploy-lambda/template.yaml"))
                .withParameters(parameters);
        boolean oneDatabase = DeployFiles.routesToCluster(template);
        return budget(
                template,
                root.resolve("deploy-k8s/kustomize/overlays")
                        .resolve(overlay != null ? overlay : oneDatabase ? HYBRID_OVERLAY : "prod"),
                root,
                maxConnections);
    }

    /** The budget of a template and any kustomization (an overlay of this project's, or one over it). */
    public static ConnectionBudget.Result budget(
            CloudFormationTemplate template, Path kustomization, Path root, int maxConnections) {
        var lambda = DeployFiles.lambda(template, deployable(root, "deploy-lambda"));
        var k8s = DeployFiles.kubernetes(KubernetesManifests.render(kustomization), deployable(root, "deploy-k8s"));
        return ConnectionBudget.compute(lambda, k8s, maxConnections, DeployFiles.routesToCluster(template));
    }

    /** A deploy module's configuration as its build carries it: its own application.properties, then app's. */
    static EffectiveConfig deployable(Path root, String module) {
        return EffectiveConfig.ofClassPath(
                List.of(root.resolve(module).resolve("src/main/resources"), root.resolve("app/src/main/resources")));
    }

    static String describe(ConnectionBudget.Result result) {
        StringBuilder out =
                new StringBuilder("Connection budget against max_connections = " + result.maxConnections() + "\n");
        for (ConnectionBudget.Bound b : result.bounds()) {
            out.append("  %-28s %5d of %5d  %s  %s%n"
                    .formatted(
                            b.target(),
                            b.connections(),
                            b.limit(),
                            b.exceeds() ? "EXCEEDS" : "fits   ",
                            b.arithmetic()));
        }
        return out.toString();
    }
}
