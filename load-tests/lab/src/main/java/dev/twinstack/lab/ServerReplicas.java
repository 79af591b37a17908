package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes target: N replicas of the Kubernetes server build (its own jar, its own pool settings), each a
 * process as a pod would run it, behind a per-connection round-robin front like a Service. Replica start times (process
 * start to ready) are recorded.
 */
final class ServerReplicas implements Target {

    static final String APPLICATION_NAME = "twinstack-k8s";

    private final Path serverDir;
    private final int replicas;
    private final int maxConnections;
    private final Map<String, String> dbEnv;
    private final Path logDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Map<String, Object>> started = new ArrayList<>();
    private RoundRobinFront front;

    ServerReplicas(Path serverDir, int replicas, int maxConnections, Map<String, String> dbEnv, Path logDir) {
        this.serverDir = serverDir;
        this.maxConnections = maxConnections;
        this.replicas = replicas;
        this.dbEnv = dbEnv;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public String description() {
        return replicas + " replicas of the Kubernetes server build behind a round-robin front (a Service)";
    }

    @Override
    public String applicationName() {
        return APPLICATION_NAME;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + front.port();
    }

    @Override
    public void start() throws Exception {
        List<Integer> ports = new ArrayList<>();
        List<Process> starting = new ArrayList<>();
        long startNanos = System.nanoTime();
        for (int i = 0; i < replicas; i++) {
            int port = Processes.freePort();
            ports.add(port);
            Map<String, String> env = new LinkedHashMap<>(dbEnv);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            Process p = Processes.startJava(
                    serverDir,
                    jvmArgs(),
                    List.of("-jar", "quarkus-run.jar"),
                    env,
                    logDir.resolve("k8s-replica-" + i + ".log"));
            processes.add(p);
            starting.add(p);
        }
        for (int i = 0; i < replicas; i++) {
            Processes.awaitOk(
                    "http://127.0.0.1:" + ports.get(i) + "/q/health/ready", Duration.ofSeconds(90), starting.get(i));
            // Replicas start together, as a rollout's pods do: each one's time runs from the common start.
            long readyMs = (System.nanoTime() - startNanos) / 1_000_000;
            started.add(Map.of("replica", i, "port", ports.get(i), "readyMs", readyMs));
        }
        front = new RoundRobinFront(0, ports);
    }

    private List<String> jvmArgs() {
        List<String> args = new ArrayList<>(List.of(
                "-Dquarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName=" + APPLICATION_NAME,
                "-XX:+UseSerialGC",
                "-Xmx256m"));
        if (Files.exists(serverDir.resolve("app-cds.jsa"))) {
            args.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        return args;
    }

    /** Replicas × (the build's pool + the readiness connection); no rollout or migration Job during a run. */
    @Override
    public ConnectionBudget.Bound predictedConnections() {
        int pool = BuildSettings.of(serverDir).getInt("quarkus.datasource.jdbc.max-size");
        return ConnectionBudget.compute(
                        null, new ConnectionBudget.KubernetesInputs(replicas, 0, pool, 1, 0, null), maxConnections)
                .bound(ConnectionBudget.K8S);
    }

    @Override
    public Map<String, Object> extras() {
        return Map.of("replicas", List.copyOf(started));
    }

    @Override
    public void close() {
        try {
            if (front != null) {
                front.close();
            }
        } catch (IOException ignored) {
            // Closing a listener that already failed.
        }
        processes.forEach(p -> Processes.stop(p, Duration.ofSeconds(35)));
    }
}
