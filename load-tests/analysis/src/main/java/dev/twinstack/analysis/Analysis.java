package dev.twinstack.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code budget} reads the deploy files and prints each target's worst case of database
 * connections (exit 1 when one can exhaust the database); {@code cost} prints the monthly projection.
 *
 * <pre>
 * budget [--root DIR] [--max-connections N] [--overlay prod] [Parameter=Value ...]
 * cost [--memory-mb 512] [--duration-ms 100] [--cold-ratio 0.01] [--init-ms 2000] [--x86]
 * </pre>
 */
public final class Analysis {

    static final List<Double> VOLUMES = List.of(1e6, 5e6, 10e6, 50e6, 100e6, 500e6);

    private Analysis() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("budget") || args[0].equals("cost"))) {
            System.err.println("usage: budget [--root DIR] [--max-connections N] [--overlay NAME] [Param=Value ...]");
            System.err.println("       cost [--memory-mb N] [--duration-ms N] [--cold-ratio R] [--init-ms N] [--x86]");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                options.put(args[i].substring(2), flag ? "true" : args[++i]);
            } else if (args[i].contains("=")) {
                parameters.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            }
        }
        if (args[0].equals("budget")) {
            ConnectionBudget.Result result = budget(
                    Path.of(options.getOrDefault("root", ".")),
                    options.getOrDefault("overlay", "prod"),
                    Integer.parseInt(options.getOrDefault("max-connections", "200")),
                    parameters);
            System.out.print(describe(result));
            System.exit(result.ok() ? 0 : 1);
        }
        cost(options);
    }

    /** The budget of the project's deploy files under {@code root}, the Kubernetes overlay rendered by kubectl. */
    public static ConnectionBudget.Result budget(
            Path root, String overlay, int maxConnections, Map<String, String> parameters)
            throws IOException, InterruptedException {
        var lambda = DeployFiles.lambda(
                root.resolve("deploy-lambda/template.yaml"),
                root.resolve("deploy-lambda/src/main/resources/application.properties"),
                parameters);
        var k8s = DeployFiles.kubernetes(
                kustomize(root.resolve("deploy-k8s/kustomize/overlays").resolve(overlay)),
                root.resolve("deploy-k8s/src/main/resources/application.properties"));
        return ConnectionBudget.compute(lambda, k8s, maxConnections);
    }

    /** Renders an overlay with {@code kubectl kustomize} (works offline, no cluster needed). */
    public static String kustomize(Path overlay) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render " + overlay + " and was not found on PATH", e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + err);
        }
        return out;
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

    private static void cost(Map<String, String> options) {
        var lambda = new CostProjection.LambdaProfile(
                Integer.parseInt(options.getOrDefault("memory-mb", "512")),
                !options.containsKey("x86"),
                Double.parseDouble(options.getOrDefault("duration-ms", "100")),
                Double.parseDouble(options.getOrDefault("cold-ratio", "0.01")),
                Double.parseDouble(options.getOrDefault("init-ms", "2000")),
                Integer.parseInt(options.getOrDefault("db-vcpus", "2")));
        var k8s = KubernetesReference.DEFAULT;
        var projection = new CostProjection(Pricing.defaults());
        List<String> lines = new ArrayList<>();
        lines.add("%14s %12s %12s".formatted("requests/mo", "Lambda $/mo", "K8s $/mo"));
        for (var line : projection.table(VOLUMES, lambda, k8s)) {
            lines.add("%14.0f %12.2f %12.2f".formatted(line.requestsPerMonth(), line.lambda(), line.kubernetes()));
        }
        Double crossover = projection.crossover(lambda, k8s);
        lines.add(
                crossover == null
                        ? "no crossover below 10 billion requests a month"
                        : "Lambda costs more above ~%.1f million requests a month".formatted(crossover / 1e6));
        lines.add("A projection: " + String.join("; ", KubernetesReference.ASSUMPTIONS));
        lines.forEach(System.out::println);
    }
}
