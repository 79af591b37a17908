package dev.twinstack.collect;

import dev.twinstack.results.CollectedCluster;
import dev.twinstack.results.MetricPoint;
import dev.twinstack.results.MetricSeries;
import dev.twinstack.results.PodStart;
import dev.twinstack.results.Replica;
import dev.twinstack.results.ReplicaCount;
import dev.twinstack.results.Source;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Deployment over a run, from the Kubernetes API: its replica counts and its pods' CPU (metrics API) sampled while the
 * run lasts, then its pods' starts and restarts. The requests are those {@link Permissions#KUBERNETES} names: the
 * Deployment read, its pods listed, their metrics listed.
 */
final class ClusterCollector implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final Duration interval;
    private final Instant start;
    private final Optional<URI> prometheus;
    private final List<ReplicaCount> replicas = new ArrayList<>();
    private final List<MetricPoint> cpu = new ArrayList<>();
    private final ScheduledExecutorService sampler;
    private volatile Map<String, String> selector;
    private volatile boolean metricsAnswered;
    private volatile RuntimeException failure;

    /** Starts sampling at once; the window opens at {@code start}. */
    ClusterCollector(
            KubernetesClient client,
            String namespace,
            String deployment,
            Duration interval,
            Instant start,
            Optional<URI> prometheus) {
        this.client = client;
        this.prometheus = prometheus;
        // With Prometheus, the CPU comes from it after the run; the metrics API is not asked.
        this.metricsAnswered = prometheus.isEmpty();
        this.namespace = namespace;
        this.deployment = deployment;
        this.interval = interval;
        this.start = start;
        sample();
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(
                this::sampleOrRemember, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A sample that fails does not stop the sampling; the first failure is reported by {@link #finish()}. */
    private void sampleOrRemember() {
        try {
            sample();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    private synchronized void sample() {
        double t = seconds(Instant.now());
        Deployment d = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get();
        if (d == null) {
            throw new IllegalStateException("no Deployment " + namespace + "/" + deployment);
        }
        if (d.getSpec().getSelector().getMatchLabels() == null
                || d.getSpec().getSelector().getMatchLabels().isEmpty()) {
            throw new IllegalStateException("Deployment " + namespace + "/" + deployment
                    + " selects its pods by expressions only; the collection lists them by its matchLabels");
        }
        selector = d.getSpec().getSelector().getMatchLabels();
        replicas.add(new ReplicaCount(
                t, orZero(d.getStatus().getReplicas()), orZero(d.getStatus().getReadyReplicas())));
        if (metricsAnswered) {
            try {
                PodMetricsList metrics = client.top()
                        .pods()
                        .inNamespace(namespace)
                        .withLabels(selector)
                        .metrics();
                double millicores = metrics.getItems().stream()
                                .flatMap(p -> p.getContainers().stream())
                                .map(c -> c.getUsage().get("cpu"))
                                .filter(q -> q != null)
                                .map(Quantity::getNumericalAmount)
                                .reduce(BigDecimal.ZERO, BigDecimal::add)
                                .doubleValue()
                        * 1000;
                cpu.add(new MetricPoint(t, millicores));
            } catch (KubernetesClientException e) {
                // No metrics API in this cluster (metrics-server not installed): the run has no CPU figure.
                metricsAnswered = false;
            }
        }
    }

    /** Stops sampling and reads the pods as they are now (and the CPU from Prometheus, where it was given). */
    CollectedCluster finish() throws IOException, InterruptedException {
        Optional<MetricSeries> fromPrometheus = prometheus.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        PrometheusCpu.read(prometheus.get(), namespace, deployment, start, Instant.now(), interval));
        sampler.shutdownNow();
        if (failure != null) {
            throw new IllegalStateException(
                    "sampling Deployment " + namespace + "/" + deployment + " failed: " + failure.getMessage(),
                    failure);
        }
        synchronized (this) {
            sample();
            List<Pod> pods = new ArrayList<>(client.pods()
                    .inNamespace(namespace)
                    .withLabels(selector)
                    .list()
                    .getItems());
            pods.sort(Comparator.comparing(ClusterCollector::startTime));
            List<PodStart> starts = pods.stream().map(this::podStart).toList();
            return new CollectedCluster(
                    namespace,
                    deployment,
                    new Source(
                            "Kubernetes API, Deployment " + namespace + "/" + deployment + " and its pods",
                            "every " + interval.toMillis() + " ms (replicas, CPU); pods at the end of the run"),
                    replicas,
                    starts,
                    fromPrometheus.isPresent()
                            ? fromPrometheus
                            : metricsAnswered && !cpu.isEmpty()
                                    ? Optional.of(new MetricSeries(
                                            "metrics.k8s.io",
                                            "cpu",
                                            "pods of Deployment " + namespace + "/" + deployment,
                                            "millicores, sum of pods",
                                            (int) Math.max(1, interval.toSeconds()),
                                            cpu))
                                    : Optional.empty());
        }
    }

    /** The pods that became ready, as the lab's replicas are written: index in start order, ms to ready. */
    static List<Replica> replicas(CollectedCluster cluster) {
        List<Replica> ready = new ArrayList<>();
        for (PodStart p : cluster.pods()) {
            p.readyMs().ifPresent(ms -> ready.add(new Replica(ready.size(), ms, p.startedAtLoadSecond())));
        }
        return ready;
    }

    private PodStart podStart(Pod pod) {
        Instant started = startTime(pod);
        Optional<Long> readyMs = pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .filter(time -> time != null)
                .map(time -> Duration.between(started, Instant.parse(time)).toMillis())
                .findFirst();
        int restarts = pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getRestartCount)
                .mapToInt(ClusterCollector::orZero)
                .sum();
        return new PodStart(
                pod.getMetadata().getName(), readyMs, restarts, (int) Math.max(0, Math.round(seconds(started))));
    }

    private static Instant startTime(Pod pod) {
        String time = pod.getStatus().getStartTime() != null
                ? pod.getStatus().getStartTime()
                : pod.getMetadata().getCreationTimestamp();
        return Instant.parse(time);
    }

    private double seconds(Instant instant) {
        return Duration.between(start, instant).toMillis() / 1000.0;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
