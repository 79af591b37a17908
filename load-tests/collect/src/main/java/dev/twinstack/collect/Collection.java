package dev.twinstack.collect;

import dev.twinstack.results.Collected;
import dev.twinstack.results.CollectedCluster;
import dev.twinstack.results.CollectedLambda;
import dev.twinstack.results.CollectedProxy;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Source;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * What the platform says of one deployment over one run: opened when its run starts (the cluster and the database are
 * sampled while it lasts), finished after it (CloudWatch is read for the window, once its late data has had time to
 * arrive). Read-only throughout: the calls are those {@link Permissions} names.
 */
public final class Collection implements AutoCloseable {

    /** How long the Logs Insights query may run: an aggregate over one run's window finishes in seconds. */
    public static final Duration QUERY_DEADLINE = Duration.ofMinutes(2);

    /**
     * What to collect; each part when its names are given.
     *
     * @param function the Lambda function (its log group {@code /aws/lambda/NAME} and its metrics)
     * @param proxy the RDS Proxy (its metrics)
     * @param namespace the Deployment's namespace
     * @param deployment the Deployment
     * @param jdbcUrl a read-only JDBC URL of the deployment's database
     * @param interval how often the cluster and the database are sampled
     * @param settle how long to wait after the run before reading CloudWatch (logs and metrics arrive late)
     * @param queryDeadline how long the Logs Insights query may run before it is stopped
     * @param prometheus a Prometheus to read the Deployment's CPU from instead of the metrics API
     */
    public record Plan(
            Optional<String> function,
            Optional<String> proxy,
            Optional<String> namespace,
            Optional<String> deployment,
            Optional<String> jdbcUrl,
            Duration interval,
            Duration settle,
            Duration queryDeadline,
            Optional<URI> prometheus) {

        /** A plan without Prometheus: the CPU, if a Deployment is named, from the metrics API. */
        public Plan(
                Optional<String> function,
                Optional<String> proxy,
                Optional<String> namespace,
                Optional<String> deployment,
                Optional<String> jdbcUrl,
                Duration interval,
                Duration settle,
                Duration queryDeadline) {
            this(function, proxy, namespace, deployment, jdbcUrl, interval, settle, queryDeadline, Optional.empty());
        }

        public boolean isEmpty() {
            return function.isEmpty() && proxy.isEmpty() && deployment.isEmpty() && jdbcUrl.isEmpty();
        }

        boolean aws() {
            return function.isPresent() || proxy.isPresent();
        }
    }

    /** The clients, made only when a part needs them. */
    public record Clients(
            Supplier<CloudWatchLogsClient> logs,
            Supplier<CloudWatchClient> cloudWatch,
            Supplier<KubernetesClient> kubernetes) {

        /**
         * AWS's clients with the default credentials chain (read-only credentials: see iam-policy.json) in
         * {@code region} (or the default region chain's), over the JDK's HttpURLConnection; the Kubernetes client from
         * the kubeconfig or the pod's service account (see rbac.yaml).
         */
        public static Clients fromEnvironment(Optional<String> region) {
            return new Clients(
                    () -> {
                        var b = CloudWatchLogsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
                        region.map(Region::of).ifPresent(b::region);
                        return b.build();
                    },
                    () -> {
                        var b = CloudWatchClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
                        region.map(Region::of).ifPresent(b::region);
                        return b.build();
                    },
                    () -> new KubernetesClientBuilder().build());
        }
    }

    /**
     * What was collected, and the parts of the target's result it fills.
     *
     * @param collected every collected part with its source
     * @param connections the database's connections over the run (empty without a JDBC URL)
     * @param failures each part that could not be read, with why
     */
    public record Outcome(Collected collected, List<ConnectionSample> connections, List<String> failures) {

        public Outcome {
            connections = List.copyOf(connections);
            failures = List.copyOf(failures);
        }

        /** The peak of the sampled connections, absent without them. */
        public Optional<Integer> peakConnections() {
            return connections.isEmpty() ? Optional.empty() : Optional.of(DatabaseSampler.peak(connections));
        }

        /** The target's extras: the collected parts, and the pods that became ready as its replicas. */
        public Extras extras() {
            return new Extras(
                    Optional.empty(),
                    Optional.empty(),
                    collected.cluster().map(ClusterCollector::replicas),
                    Optional.of(collected));
        }
    }

    private final Plan plan;
    private final Clients clients;
    private final Instant start;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ClusterCollector cluster;
    private final DatabaseSampler database;

    private Collection(Plan plan, Clients clients) throws Exception {
        this.plan = plan;
        this.clients = clients;
        this.start = Instant.now();
        try {
            if (plan.deployment().isPresent()) {
                KubernetesClient kubernetes = track(clients.kubernetes().get());
                cluster = track(new ClusterCollector(
                        kubernetes,
                        plan.namespace().orElse("default"),
                        plan.deployment().orElseThrow(),
                        plan.interval(),
                        start,
                        plan.prometheus()));
            } else {
                cluster = null;
            }
            database = plan.jdbcUrl().isPresent()
                    ? track(new DatabaseSampler(plan.jdbcUrl().orElseThrow(), plan.interval(), start))
                    : null;
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Opens the window now and starts the samplers. */
    public static Collection start(Plan plan, Clients clients) throws Exception {
        return new Collection(plan, clients);
    }

    /**
     * Closes the window now, reads what is read after it, and stops everything. A part that cannot be read (a missing
     * permission, a query not complete in time) is left out and said in {@link Outcome#failures()}: the others stand.
     */
    public Outcome finish() throws InterruptedException {
        Instant end = Instant.now();
        List<String> failures = new ArrayList<>();
        try {
            Optional<CollectedCluster> collectedCluster =
                    cluster == null ? Optional.empty() : attempt("the Deployment", cluster::finish, failures);
            List<ConnectionSample> connections = database == null
                    ? List.of()
                    : attempt("the database's connections", database::finish, failures)
                            .orElse(List.of());
            Optional<CollectedLambda> lambda = Optional.empty();
            Optional<CollectedProxy> proxy = Optional.empty();
            if (plan.aws()) {
                Thread.sleep(plan.settle().toMillis());
                AwsCollector aws = new AwsCollector(
                        track(clients.logs().get()), track(clients.cloudWatch().get()), plan.queryDeadline());
                if (plan.function().isPresent()) {
                    String function = plan.function().orElseThrow();
                    lambda = attempt("Lambda function " + function, () -> aws.lambda(function, start, end), failures);
                }
                if (plan.proxy().isPresent()) {
                    String name = plan.proxy().orElseThrow();
                    proxy = attempt("RDS Proxy " + name, () -> aws.proxy(name, start, end), failures);
                }
            }
            return new Outcome(
                    new Collected(
                            lambda,
                            proxy,
                            connections.isEmpty()
                                    ? Optional.empty()
                                    : Optional.of(new Source(
                                            "pg_stat_activity through the read-only JDBC URL (client backends of its"
                                                    + " database)",
                                            "every " + plan.interval().toMillis() + " ms")),
                            collectedCluster),
                    connections,
                    failures);
        } finally {
            close();
        }
    }

    /** What reads one part, which may fail. */
    private interface Read<T> {
        T read() throws Exception;
    }

    private static <T> Optional<T> attempt(String part, Read<T> read, List<String> failures)
            throws InterruptedException {
        try {
            return Optional.of(read.read());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failures.add(part + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // Closing clients and samplers: nothing read depends on it.
            }
        }
        open.clear();
    }
}
