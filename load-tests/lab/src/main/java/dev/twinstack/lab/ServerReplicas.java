package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.analysis.DeployFiles;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Replica;
import dev.twinstack.results.ReplicaOrigin;
import dev.twinstack.toolkit.Cgroups;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The Kubernetes target: N replicas of the Kubernetes server build (its own jar, its own pool settings), each a
 * process as a pod would run it, under the Deployment's CPU and memory limits and with the image's JVM options
 * ({@link PodResources}), behind the front the manifests put before them: an ingress balancing each request
 * ({@link IngressFront}) or, as an option, a Service balancing connections ({@link RoundRobinFront}). Replica start
 * times (process start to ready) are recorded.
 *
 * <p>A kubelet of sorts watches each replica as the Deployment's probes say (readiness period, failure threshold,
 * timeout; the startup probe's period until the first success), for as long as the replica runs: a replica leaves the
 * front's rotation when it turns unready, exits or is terminating, and joins it when ready, each after the endpoint
 * propagation delay; a replica whose process died is started again after the kubelet's back-off. The kill-pod and
 * rolling-restart drills act on this.
 */
final class ServerReplicas implements Target {

    static final String APPLICATION_NAME = "twinstack-k8s";
    /** The Deployment the manifests name, whose rollout and probes the replicas follow. */
    static final String DEPLOYMENT = "twinstack";

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    /** One pod: its ports stay across container restarts, as a pod's IP does. */
    private static final class Pod {
        final int index;
        final int port;
        final int managementPort;
        final ReadinessWatch.Endpoint endpoint;
        volatile LaunchedProcess process;
        volatile long startedNanos;
        volatile Cgroups.Group group;
        int crashes;
        /** The pod's creation (its first container's start), epoch ms and {@link System#nanoTime}. */
        volatile long createdEpochMs;

        volatile long createdNanos;
        /** Pre-warmed (started before the load) or added by the autoscaler; null for a rollout's new pod. */
        volatile ReplicaOrigin origin;
        /** When the autoscaler had it terminated, epoch ms; 0 while it runs. */
        volatile long removedEpochMs;

        Pod(int index) {
            this.index = index;
            this.port = ProcessLauncher.freePort();
            this.managementPort = ProcessLauncher.freePort();
            this.endpoint = new ReadinessWatch.Endpoint(
                    "replica " + index, port, URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"));
        }

        boolean ready() {
            return endpoint.ready;
        }

        boolean terminating() {
            return endpoint.terminating;
        }
    }

    private final Path serverDir;
    private final int replicas;
    private final int maxConnections;
    /** Zero: all replicas from the start; otherwise one replica, the others started this long into the load. */
    private final Duration scaleOutAfter;

    private final DeployFiles.Rollout rollout;
    private final boolean rollingRestart;
    private Thread scaleOut;
    private final Map<String, String> dbEnv;
    private final Path logDir;
    private final List<Pod> pods = new ArrayList<>();
    private final List<Replica> started = new ArrayList<>();
    private final ScheduledExecutorService kubelet = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "kubelet");
        t.setDaemon(true);
        return t;
    });
    private final List<Event> events = new ArrayList<>();
    private volatile boolean closing;
    private Front front;
    private ReadinessWatch readiness;

    private final Auth auth;
    private final Front.Kind frontKind;
    /**
     * From a pod's change of state to the front's: an endpoint's removal or addition reaching the ingress controller or
     * every kube-proxy.
     */
    private final Duration propagation;

    private final PodResources resources;
    private final Cgroups.Availability cgroups;
    /** The overlay's HorizontalPodAutoscaler the replica count follows; empty: a fixed count (lab.hpa=none). */
    private final Optional<OverlayHpa> hpa;
    /** After the load, how long the autoscaler may still scale in before the target stops. */
    private final Duration coolDown;

    private Autoscaler autoscaler;
    /** The Deployment's replica count, as the autoscaler sets it. */
    private volatile int desired;

    private volatile long startedEpochMs;

    ServerReplicas(
            Path serverDir,
            int replicas,
            int maxConnections,
            Duration scaleOutAfter,
            Map<String, String> dbEnv,
            Path logDir,
            DeployFiles.Rollout rollout,
            boolean rollingRestart,
            Auth auth,
            Front.Kind frontKind,
            Duration propagation,
            PodResources resources,
            Cgroups.Availability cgroups,
            Optional<OverlayHpa> hpa,
            Duration coolDown) {
        this.hpa = hpa;
        this.coolDown = coolDown;
        this.auth = auth;
        this.frontKind = frontKind;
        this.propagation = propagation;
        this.resources = resources;
        this.cgroups = cgroups;
        this.scaleOutAfter = scaleOutAfter;
        this.serverDir = serverDir;
        this.maxConnections = maxConnections;
        this.replicas = replicas;
        this.dbEnv = dbEnv;
        this.logDir = logDir;
        this.rollout = rollout;
        this.rollingRestart = rollingRestart;
    }

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public Auth auth() {
        return auth;
    }

    @Override
    public String description() {
        return hpa.map(h -> initialReplicas() + " pre-warmed replicas of the Kubernetes server build, scaled by the"
                                + " HorizontalPodAutoscaler of " + h.source() + " ("
                                + h.controller().minReplicas()
                                + " to " + h.controller().maxReplicas() + " replicas, CPU target "
                                + h.controller().targetUtilization() + " % of " + h.cpuRequestMillis()
                                + " millicores; scale-in: " + h.scaleIn() + "),")
                        .orElse(replicas + " replicas of the Kubernetes server build")
                + " behind " + frontKind.description
                + (scaleOutAfter.isZero()
                        ? ""
                        : ", scaling out from 1 after " + Durations.format(scaleOutAfter) + " of load")
                + "; endpoints change " + Durations.format(propagation) + " after readiness; "
                + resources.describe(cgroups) + "; JVM options from " + resources.source() + ": "
                + String.join(" ", resources.jvmOptions(cgroups.available()))
                + (resources.jvmEnvironment().isEmpty() ? "" : ", " + resources.jvmEnvironment());
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
        int initial = initialReplicas();
        front = frontKind.start();
        readiness = new ReadinessWatch(front, rollout, propagation, kubelet, this::event);
        startedEpochMs = System.currentTimeMillis();
        desired = initial;
        startReplicas(initial, 0);
        if (hpa.isPresent()) {
            autoscaler = new Autoscaler(
                    new Autoscaler.Spec(
                            hpa.get().source(),
                            hpa.get().controller(),
                            hpa.get().cpuRequestMillis()),
                    scaled());
            autoscaler.start();
        } else if (initial < replicas) {
            scaleOut = new Thread(this::scaleOut, "scale-out");
            scaleOut.setDaemon(true);
            scaleOut.start();
        }
    }

    /**
     * The pods before the load: with the HPA, lab.replicas kept within its bounds (the controller would move the
     * Deployment there at its first sync); without, lab.replicas, or one when a fixed scale-out follows.
     */
    int initialReplicas() {
        return hpa.map(h -> Math.max(
                        h.controller().minReplicas(), Math.min(h.controller().maxReplicas(), replicas)))
                .orElse(scaleOutAfter.isZero() ? replicas : 1);
    }

    /** The Deployment as the autoscaler sees and sets it. */
    private Autoscaler.Scaled scaled() {
        return new Autoscaler.Scaled() {
            @Override
            public int replicas() {
                return desired;
            }

            @Override
            public List<Autoscaler.PodState> pods() {
                List<Autoscaler.PodState> states = new ArrayList<>();
                for (Pod pod : runningPods()) {
                    LaunchedProcess process = pod.process;
                    long readyChanged = pod.endpoint.readyChangedMs;
                    states.add(new Autoscaler.PodState(
                            pod.endpoint.name,
                            process.pid(),
                            java.time.Instant.ofEpochMilli(pod.createdEpochMs),
                            pod.ready(),
                            readyChanged == 0
                                    ? Optional.empty()
                                    : Optional.of(java.time.Instant.ofEpochMilli(readyChanged)),
                            inRotation(pod),
                            pod.terminating()));
                }
                return states;
            }

            @Override
            public void scaleTo(int count, String why) {
                ServerReplicas.this.scaleTo(count, why);
            }
        };
    }

    /** Pods whose container runs, terminating ones included until their process ends. */
    private List<Pod> runningPods() {
        synchronized (pods) {
            return pods.stream()
                    .filter(p -> p.process != null && (p.process.isAlive() || !p.terminating()))
                    .toList();
        }
    }

    /**
     * The Deployment's count set by the autoscaler: new pods started (each joins the front when its readiness probe
     * passes, after the propagation delay), or pods terminated as the ReplicaSet picks them (unready first, then the
     * most recently ready) through the kubelet's sequence: out of the endpoints, preStop, SIGTERM, SIGKILL after the
     * grace period.
     */
    private synchronized void scaleTo(int count, String why) {
        if (closing) {
            return;
        }
        event("HPA: " + why);
        desired = count;
        List<Pod> live = livePods();
        try {
            for (int i = live.size(); i < count; i++) {
                Pod pod = newPod();
                pod.origin = ReplicaOrigin.AUTOSCALED;
                launch(pod);
                readiness.started(pod.endpoint);
                event(pod.endpoint.name + " created by the HPA (pid " + pod.process.pid() + ")");
            }
        } catch (IOException e) {
            System.err.println("[lab] starting a replica for the HPA failed: " + e);
        }
        List<Pod> victims = live.stream()
                .sorted(java.util.Comparator.comparing((Pod p) -> p.ready())
                        .thenComparing(p -> -p.endpoint.readyChangedMs))
                .limit(Math.max(0, live.size() - count))
                .toList();
        for (Pod pod : victims) {
            pod.removedEpochMs = System.currentTimeMillis();
            event(pod.endpoint.name + " terminating for the HPA");
            terminate(pod, hpa.map(OverlayHpa::preStop).orElse(Duration.ZERO));
        }
    }

    /**
     * After the load: with a cool-down, the autoscaler keeps running until it has scaled in to its minimum and the
     * removed pods are gone, or the cool-down is over.
     */
    @Override
    public void afterLoad() throws InterruptedException {
        if (autoscaler == null || coolDown.isZero()) {
            return;
        }
        int min = hpa.orElseThrow().controller().minReplicas();
        long deadline = System.nanoTime() + coolDown.toNanos();
        while (System.nanoTime() < deadline && (desired > min || runningPods().size() > desired)) {
            Thread.sleep(200);
        }
    }

    /** Starts more replicas under load, as the HPA would, and adds each to the front once ready. */
    private void scaleOut() {
        try {
            // A timer, not a wait for state: the scale-out happens at this point of the load.
            Thread.sleep(scaleOutAfter.toMillis());
            startReplicas(replicas - 1, scaleOutAfter.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("[lab] scale-out failed: " + e);
        }
    }

    /**
     * Starts {@code count} replicas together and waits until each is ready; each is then an endpoint, and the kubelet
     * watches it.
     */
    private List<Pod> startReplicas(int count, long loadSecond) throws Exception {
        List<Pod> starting = new ArrayList<>();
        long startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Pod pod = newPod();
            launch(pod);
            starting.add(pod);
            pod.origin = loadSecond > 0 ? ReplicaOrigin.AUTOSCALED : ReplicaOrigin.PREWARMED;
        }
        for (Pod pod : starting) {
            pod.process.awaitReady(
                    Readiness.httpOk(URI.create("http://127.0.0.1:" + pod.managementPort + "/q/health/ready")),
                    START_LIMIT);
            // Replicas start together, as a rollout's pods do: each one's time runs from the common start.
            long readyMs = (System.nanoTime() - startNanos) / 1_000_000;
            synchronized (started) {
                started.add(new Replica(pod.index, readyMs, (int) loadSecond));
            }
            readiness.readyAtStart(pod.endpoint);
        }
        return starting;
    }

    private Pod newPod() {
        synchronized (pods) {
            Pod pod = new Pod(pods.size());
            pods.add(pod);
            return pod;
        }
    }

    /**
     * Starts the pod's container: the server build on the pod's ports, with the image's JVM options, in a control group
     * of its own with the Deployment's limits where this machine allows it.
     */
    private void launch(Pod pod) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessLauncher.javaExecutable().toString());
        command.add("-Dquarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName=" + APPLICATION_NAME);
        command.addAll(resources.jvmOptions(cgroups.available()));
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        Cgroups.Group group = resources.group(cgroups, pod.index).orElse(null);
        pod.group = group;
        pod.startedNanos = System.nanoTime();
        if (pod.createdNanos == 0) {
            pod.createdNanos = pod.startedNanos;
            pod.createdEpochMs = System.currentTimeMillis();
        }
        pod.process = ProcessLauncher.shared()
                .command(group == null ? command : group.wrap(command))
                .name("k8s replica " + pod.index)
                .directory(serverDir)
                .environment(dbEnv)
                .environment(auth.environment())
                .environment("QUARKUS_HTTP_PORT", Integer.toString(pod.port))
                // Health and metrics are on the build's management interface, as in the pod; both listeners on
                // the loopback interface only.
                .environment("QUARKUS_MANAGEMENT_PORT", Integer.toString(pod.managementPort))
                .environment("QUARKUS_HTTP_HOST", "127.0.0.1")
                .environment("QUARKUS_MANAGEMENT_HOST", "127.0.0.1")
                .environment(resources.jvmEnvironment())
                .logTo(logDir.resolve("k8s-replica-" + pod.index + ".log"))
                .start();
        LaunchedProcess process = pod.process;
        process.onExit().thenRun(() -> {
            if (group != null) {
                group.close();
            }
            exited(pod, process);
        });
    }

    private void event(String what) {
        synchronized (events) {
            events.add(new Event(System.currentTimeMillis(), what));
        }
    }

    @Override
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * The container exited: unready at once (the kubelet sees the exit, no probe needed), out of rotation after the
     * propagation delay, and, unless the pod is terminating, started again after the kubelet's back-off.
     */
    private void exited(Pod pod, LaunchedProcess process) {
        if (closing || pod.process != process) {
            return;
        }
        readiness.exited(pod.endpoint);
        if (pod.terminating()) {
            return;
        }
        int backOff = Rollouts.backOffSeconds(++pod.crashes);
        kubelet.schedule(
                () -> {
                    if (closing) {
                        return;
                    }
                    try {
                        launch(pod);
                        readiness.started(pod.endpoint);
                    } catch (IOException e) {
                        System.err.println("[lab] restarting k8s replica " + pod.index + " failed: " + e);
                    }
                },
                backOff,
                TimeUnit.SECONDS);
    }

    @Override
    public void inject(DrillKind drill, FaultLog log) throws Exception {
        switch (drill) {
            case KILL_POD -> killPod(log);
            case ROLLING_RESTART -> rollingRestart(log);
            default -> Target.super.inject(drill, log);
        }
    }

    /**
     * The pod kill drill: SIGKILL to a ready replica in rotation, observed gone; the kubelet model takes it out of
     * rotation and starts its container again; over when it is back in rotation.
     */
    private void killPod(FaultLog log) throws Exception {
        Pod victim = livePods().stream()
                .filter(p -> p.ready() && inRotation(p))
                .findFirst()
                .orElseThrow(() -> new FaultLog.NotObserved("no replica was ready and in rotation"));
        LaunchedProcess killed = victim.process;
        long pid = killed.pid();
        if (!killed.signal(ProcessLauncher.Signal.KILL)) {
            throw new FaultLog.NotObserved("replica " + victim.index + " (pid " + pid + ") was already gone");
        }
        log.observed("SIGKILL to replica " + victim.index + " (pid " + pid + ")");
        if (!killed.waitFor(START_LIMIT)) {
            throw new FaultLog.NotObserved("replica " + victim.index + " (pid " + pid + ") still alive after SIGKILL");
        }
        log.observed("replica " + victim.index + "'s pid " + pid + " gone");
        await(() -> victim.process != killed && victim.process.isAlive(), "its container started again");
        log.observed("replica " + victim.index + "'s container started again (pid " + victim.process.pid()
                + ", after a back-off of " + Rollouts.backOffSeconds(victim.crashes) + " s)");
        await(() -> !inRotation(victim), "replica " + victim.index + " out of the front's rotation");
        log.observed("replica " + victim.index + " out of the front's rotation");
        await(() -> victim.ready() && inRotation(victim), "the replica back in rotation");
        log.end("replica " + victim.index + " ready and back in rotation, "
                + (System.nanoTime() - victim.startedNanos) / 1_000_000 + " ms after its container started");
    }

    /**
     * The rolling restart drill: every replica replaced as the Deployment's rolling update does it (new pods up to
     * maxSurge above the replicas, old ones terminated while maxUnavailable allows), each old pod terminated as the
     * kubelet does: out of rotation after the propagation delay, SIGTERM (the app turns unready, serves through its
     * shutdown delay, drains), SIGKILL after the grace period. Over when every new pod is ready and in rotation and
     * every old one is gone.
     */
    private void rollingRestart(FaultLog log) throws Exception {
        List<Pod> old = new ArrayList<>(livePods());
        List<Pod> fresh = new ArrayList<>();
        List<LaunchedProcess> stopping = new ArrayList<>();
        log.observed("rollout of %d replicas, maxSurge %d, maxUnavailable %d (the Deployment's)"
                .formatted(replicas, rollout.maxSurge(), rollout.maxUnavailable()));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!old.isEmpty() || fresh.stream().anyMatch(p -> !(p.ready() && inRotation(p)))) {
            if (System.nanoTime() > deadline) {
                throw new FaultLog.NotObserved("the rollout did not finish within 3 min");
            }
            int oldReady = (int) old.stream().filter(p -> p.ready()).count();
            int newReady = (int) fresh.stream().filter(p -> p.ready()).count();
            for (int i = Rollouts.toStart(replicas, rollout.maxSurge(), old.size(), fresh.size()); i > 0; i--) {
                Pod pod = newPod();
                launch(pod);
                readiness.started(pod.endpoint);
                fresh.add(pod);
                log.observed("new replica " + pod.index + " started (pid " + pod.process.pid() + ")");
            }
            for (int i = Rollouts.toStop(replicas, rollout.maxUnavailable(), old.size(), oldReady, newReady);
                    i > 0;
                    i--) {
                Pod pod = old.stream().filter(p -> !p.ready()).findFirst().orElse(old.get(0));
                old.remove(pod);
                stopping.add(terminate(pod, Duration.ZERO));
                log.observed("replica " + pod.index + " terminating (SIGTERM to pid " + pod.process.pid() + ")");
            }
            Thread.sleep(20);
        }
        for (LaunchedProcess p : stopping) {
            if (!p.waitFor(Duration.ofSeconds(rollout.terminationGraceSeconds() + 15))) {
                throw new FaultLog.NotObserved(p.name() + " still alive after its grace period");
            }
        }
        log.end("every old replica gone, %d new ones ready and in rotation".formatted(fresh.size()));
    }

    /**
     * Terminating: no longer an endpoint (after the propagation delay), the preStop hook's sleep, SIGTERM, SIGKILL when
     * the grace period (which the preStop hook's time counts in) is over.
     */
    private LaunchedProcess terminate(Pod pod, Duration preStop) {
        LaunchedProcess process = pod.process;
        readiness.terminating(pod.endpoint);
        if (preStop.isZero()) {
            process.signal(ProcessLauncher.Signal.TERM);
        } else {
            kubelet.schedule(
                    () -> {
                        process.signal(ProcessLauncher.Signal.TERM);
                    },
                    preStop.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        kubelet.schedule(
                () -> {
                    if (process.isAlive()) {
                        process.kill();
                    }
                },
                rollout.terminationGraceSeconds(),
                TimeUnit.SECONDS);
        return process;
    }

    private boolean inRotation(Pod pod) {
        return readiness.inRotation(pod.endpoint);
    }

    private List<Pod> livePods() {
        synchronized (pods) {
            return pods.stream()
                    .filter(p -> !p.terminating() && p.process != null)
                    .toList();
        }
    }

    private static void await(BooleanSupplier state, String what) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!state.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new FaultLog.NotObserved("not observed within " + Durations.format(START_LIMIT) + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * How the benchmark's JVM runs the server build in {@code serverDir}: serial GC and a fixed heap, unlimited. The
     * replicas run the image's own options under the Deployment's limits instead ({@link PodResources}).
     */
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

    /**
     * Replicas × (the build's pool + the readiness connection); with a rolling restart among the drills, the
     * Deployment's maxSurge more pods. No migration Job during a run.
     */
    /** Limits this machine could not enforce, and what the front did on its own. */
    @Override
    public List<String> caveats() {
        List<String> caveats = new ArrayList<>();
        if (!cgroups.available() && resources.limited()) {
            caveats.add("Kubernetes replicas ran without their Deployment's CPU and memory limits ("
                    + resources.describe(cgroups) + "): each could use whole cores, unlike in its container.");
        }
        if (front != null && front.retries() > 0) {
            caveats.add(
                    "The ingress front passed " + front.retries() + " requests to another replica after a failed try"
                            + " (ingress-nginx's proxy_next_upstream: connection errors for any method, errors after sending"
                            + " only for idempotent ones); the client saw one answer for each.");
        }
        return caveats;
    }

    @Override
    public ConnectionBudget.Bound predictedConnections() {
        int pool = DeployFiles.poolMax(EffectiveConfig.ofArtifact(serverDir));
        // With the HPA, as many pods as it may scale to (scale-in never overlaps a new pod with a terminating one
        // beyond that).
        int most = hpa.map(h -> Math.max(initialReplicas(), h.controller().maxReplicas()))
                .orElse(replicas);
        var inputs = rollingRestart
                ? new ConnectionBudget.KubernetesInputs(
                        most, rollout.maxSurge(), pool, ConnectionBudget.READINESS_CONNECTIONS_PER_POD, 0, null)
                : ConnectionBudget.KubernetesInputs.replicas(most, pool);
        return ConnectionBudget.compute(null, inputs, maxConnections).bound(ConnectionBudget.K8S);
    }

    @Override
    public Extras extras() {
        if (autoscaler == null) {
            synchronized (started) {
                return new Extras(Optional.empty(), Optional.empty(), Optional.of(List.copyOf(started)));
            }
        }
        long loadStart = front.firstRequestEpochMs() > 0 ? front.firstRequestEpochMs() : startedEpochMs;
        List<Replica> records = new ArrayList<>();
        List<Pod> all;
        synchronized (pods) {
            all = List.copyOf(pods);
        }
        for (Pod pod : all) {
            // A pod that never turned ready (removed while starting, or still starting at the end) has no start to
            // tell.
            if (pod.origin == ReplicaOrigin.PREWARMED || pod.endpoint.firstReadyNanos != 0) {
                records.add(record(pod, loadStart));
            }
        }
        return new Extras(
                Optional.empty(),
                Optional.empty(),
                Optional.of(records),
                Optional.empty(),
                Optional.empty(),
                Optional.of(autoscaler.record(loadStart)));
    }

    /**
     * One replica's record: a pre-warmed one's start to ready from its group's start (as before the load), an added
     * one's from its pod's start to its first passing readiness probe; its cold request as the front saw it.
     */
    private Replica record(Pod pod, long loadStart) {
        ReadinessWatch.Endpoint e = pod.endpoint;
        Optional<Long> prewarmedReady;
        synchronized (started) {
            prewarmedReady = started.stream()
                    .filter(r -> r.replica() == pod.index)
                    .map(Replica::readyMs)
                    .findFirst();
        }
        // From the pod's start to its first passing readiness, for every pod (pre-warmed ones start together and are
        // seen ready in turn, as before the load).
        long readyMs =
                e.firstReadyNanos == 0 ? prewarmedReady.orElse(0L) : (e.firstReadyNanos - pod.createdNanos) / 1_000_000;
        return new Replica(
                pod.index,
                readyMs,
                pod.origin == ReplicaOrigin.PREWARMED ? 0 : (int) Math.max(0, (pod.createdEpochMs - loadStart) / 1000),
                Optional.ofNullable(pod.origin),
                e.firstInRotationNanos == 0
                        ? Optional.empty()
                        : Optional.of((e.firstInRotationNanos - pod.createdNanos) / 1_000_000),
                front.coldRequestMs(pod.port),
                pod.removedEpochMs == 0
                        ? Optional.empty()
                        : Optional.of((int) Math.max(0, (pod.removedEpochMs - loadStart) / 1000)));
    }

    @Override
    public void close() {
        closing = true;
        if (autoscaler != null) {
            autoscaler.close();
        }
        if (readiness != null) {
            readiness.close();
        }
        kubelet.shutdownNow();
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
        List<Pod> all;
        synchronized (pods) {
            all = List.copyOf(pods);
        }
        all.stream().map(p -> p.process).filter(p -> p != null).forEach(p -> p.stop(Duration.ofSeconds(35)));
    }
}
