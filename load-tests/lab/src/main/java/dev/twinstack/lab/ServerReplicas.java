package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Replica;
import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.EffectiveConfig;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.Readiness;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    /** Zero: all replicas from the start; otherwise one replica, the others started this long into the load. */
    private final Duration scaleOutAfter;

    private Thread scaleOut;
    private final Map<String, String> dbEnv;
    private final Path logDir;
    private final List<LaunchedProcess> processes = new ArrayList<>();
    private final List<Replica> started = new ArrayList<>();
    private RoundRobinFront front;

    ServerReplicas(
            Path serverDir,
            int replicas,
            int maxConnections,
            Duration scaleOutAfter,
            Map<String, String> dbEnv,
            Path logDir) {
        this.scaleOutAfter = scaleOutAfter;
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
        return replicas + " replicas of the Kubernetes server build behind a round-robin front (a Service)"
                + (scaleOutAfter.isZero()
                        ? ""
                        : ", scaling out from 1 after " + Durations.format(scaleOutAfter) + " of load");
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
        int initial = scaleOutAfter.isZero() ? replicas : 1;
        List<Integer> ports = startReplicas(0, initial, 0);
        front = new RoundRobinFront(0, ports);
        if (initial < replicas) {
            scaleOut = new Thread(this::scaleOut, "scale-out");
            scaleOut.setDaemon(true);
            scaleOut.start();
        }
    }

    /** Starts more replicas under load, as the HPA would, and adds each to the front once ready. */
    private void scaleOut() {
        try {
            // A timer, not a wait for state: the scale-out happens at this point of the load.
            Thread.sleep(scaleOutAfter.toMillis());
            startReplicas(1, replicas, scaleOutAfter.toSeconds()).forEach(front::add);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("[lab] scale-out failed: " + e);
        }
    }

    /** Starts replicas {@code from}..{@code to}-1 together and waits until each is ready; returns their ports. */
    private List<Integer> startReplicas(int from, int to, long loadSecond) throws Exception {
        List<Integer> ports = new ArrayList<>();
        List<LaunchedProcess> starting = new ArrayList<>();
        long startNanos = System.nanoTime();
        List<Integer> managementPorts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int port = ProcessLauncher.freePort();
            int managementPort = ProcessLauncher.freePort();
            ports.add(port);
            managementPorts.add(managementPort);
            List<String> arguments = new ArrayList<>(jvmArgs(serverDir));
            arguments.addAll(List.of("-jar", "quarkus-run.jar"));
            LaunchedProcess p = ProcessLauncher.shared()
                    .java(arguments)
                    .name("k8s replica " + i)
                    .directory(serverDir)
                    .environment(dbEnv)
                    .environment("QUARKUS_HTTP_PORT", Integer.toString(port))
                    // Health and metrics are on the build's management interface, as in the pod; both listeners on
                    // the loopback interface only.
                    .environment("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort))
                    .environment("QUARKUS_HTTP_HOST", "127.0.0.1")
                    .environment("QUARKUS_MANAGEMENT_HOST", "127.0.0.1")
                    .logTo(logDir.resolve("k8s-replica-" + i + ".log"))
                    .start();
            synchronized (processes) {
                processes.add(p);
            }
            starting.add(p);
        }
        for (int i = 0; i < starting.size(); i++) {
            starting.get(i)
                    .awaitReady(
                            Readiness.httpOk(
                                    URI.create("http://127.0.0.1:" + managementPorts.get(i) + "/q/health/ready")),
                            Duration.ofSeconds(90));
            // Replicas start together, as a rollout's pods do: each one's time runs from the common start.
            long readyMs = (System.nanoTime() - startNanos) / 1_000_000;
            synchronized (started) {
                started.add(new Replica(from + i, readyMs, (int) loadSecond));
            }
        }
        return ports;
    }

    /** How a replica's JVM runs the server build in {@code serverDir} (the benchmark starts its server the same way). */
    static List<String> jvmArgs(Path serverDir) {
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
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(serverDir));
        return ConnectionBudget.compute(
                        null, ConnectionBudget.KubernetesInputs.replicas(replicas, pool), maxConnections)
                .bound(ConnectionBudget.K8S);
    }

    @Override
    public Extras extras() {
        synchronized (started) {
            return new Extras(Optional.empty(), Optional.empty(), Optional.of(List.copyOf(started)));
        }
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
        if (scaleOut != null) {
            scaleOut.interrupt();
        }
        synchronized (processes) {
            processes.forEach(p -> p.stop(Duration.ofSeconds(35)));
        }
    }
}
