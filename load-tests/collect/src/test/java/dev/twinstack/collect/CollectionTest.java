package dev.twinstack.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.CollectedCluster;
import dev.twinstack.results.CollectedLambda;
import dev.twinstack.results.CollectedProxy;
import dev.twinstack.results.MetricPoint;
import dev.twinstack.results.MetricSeries;
import dev.twinstack.results.PodStart;
import dev.twinstack.results.Replica;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A whole collection against stand-ins of CloudWatch Logs, CloudWatch and the Kubernetes API on 127.0.0.1: the requests
 * the SDK and the Kubernetes client send are checked there, the fixtures' answers read back as results.json's records,
 * and the calls made are exactly those {@link Permissions} names (which the policy and the Role grant).
 */
class CollectionTest {

    private static final Duration QUICK = Duration.ofMillis(200);

    @Test
    void collectsAFunctionItsProxyAndADeploymentFromWhatThePlatformAnswers() throws Exception {
        Instant podStart = Instant.now();
        try (AwsStandIn aws = new AwsStandIn(
                        n -> n == 0 ? "get-query-results-running.json" : "get-query-results-complete.json");
                KubernetesStandIn cluster = new KubernetesStandIn(podStart)) {
            Collection collection = Collection.start(everything(Duration.ofSeconds(30)), aws.clients(cluster::client));
            Collection.Outcome outcome = collection.finish();

            CollectedLambda lambda = outcome.collected().lambda().orElseThrow();
            assertEquals(1207, lambda.invocations());
            assertEquals(2, lambda.inits());
            assertEquals(5, lambda.restores());
            assertEquals(7.0 / 1207, lambda.coldRatio(), 1e-12);
            assertEquals(Optional.of(2210.5), lambda.initP50Ms());
            assertEquals(Optional.of(655.7), lambda.restoreP99Ms());
            assertEquals(Optional.of(163.0), lambda.billedRestoreP50Ms());
            assertEquals(Optional.of(96.3), lambda.durationP99Ms());
            assertEquals(Optional.of(182.0), lambda.maxMemoryUsedMb());
            assertEquals(Optional.of(1024), lambda.memorySizeMb());
            assertEquals(
                    "CloudWatch Logs Insights, /aws/lambda/twinstack-Function",
                    lambda.reportLines().where());
            MetricSeries concurrent = series(lambda.metrics(), "ConcurrentExecutions");
            assertEquals(List.of(3.0, 5.0, 4.0), values(concurrent), "both pages, in time order");
            assertEquals(60, concurrent.periodSeconds());
            assertEquals("Maximum", concurrent.statistic());
            assertEquals(3.0, series(lambda.metrics(), "Throttles").sum());

            CollectedProxy proxy = outcome.collected().proxy().orElseThrow();
            assertEquals(6.0, series(proxy.metrics(), "DatabaseConnections").max());
            assertEquals(
                    0.0,
                    series(proxy.metrics(), "DatabaseConnectionsCurrentlySessionPinned")
                            .max());
            assertEquals("Sum", series(proxy.metrics(), "ClientConnections").statistic());

            CollectedCluster k8s = outcome.collected().cluster().orElseThrow();
            assertEquals(
                    List.of("twinstack-7d9f-a", "twinstack-7d9f-b"),
                    k8s.pods().stream().map(PodStart::pod).toList());
            assertEquals(Optional.of(5200L), k8s.pods().get(0).readyMs());
            assertEquals(1, k8s.pods().get(0).restarts());
            assertEquals(Optional.empty(), k8s.pods().get(1).readyMs(), "not ready yet");
            assertTrue(k8s.pods().get(1).startedAtLoadSecond() >= 20, k8s.pods().toString());
            assertTrue(k8s.replicas().size() >= 2, "sampled at the start and at the end: " + k8s.replicas());
            assertEquals(2, k8s.replicas().get(0).replicas());
            assertEquals(1, k8s.replicas().get(0).ready());
            assertEquals(370.0, k8s.cpu().orElseThrow().points().get(0).value(), 1e-9, "250m + 120m");
            assertEquals(
                    List.of(new Replica(0, 5200, 0)),
                    outcome.extras().replicas().orElseThrow());
            assertTrue(cluster.failures().isEmpty(), cluster.failures().toString());
            assertEquals(List.of(), outcome.failures());
        }
    }

    @Test
    void queriesTheFunctionsLogGroupOverTheWindowAndReadsTheMetricsItNames() throws Exception {
        try (AwsStandIn aws = new AwsStandIn(n -> "get-query-results-complete.json")) {
            Instant before = Instant.now();
            Collection.start(awsOnly(Duration.ofSeconds(30)), aws.clients(() -> {
                        throw new AssertionError("no cluster asked for");
                    }))
                    .finish();
            Instant after = Instant.now();

            var start = aws.calls("StartQuery").get(0).body();
            assertEquals(
                    "/aws/lambda/twinstack-Function", start.path("logGroupName").asText());
            assertEquals(ReportQuery.text(), start.path("queryString").asText());
            assertTrue(start.path("startTime").asLong() >= before.getEpochSecond() - 1);
            assertTrue(start.path("endTime").asLong() <= after.getEpochSecond());
            var metrics = aws.calls("GetMetricData");
            assertEquals(4, metrics.size(), "two pages each for the function and the proxy");
            Set<String> read = metrics.stream()
                    .flatMap(c -> Stream.of(c.body().path("MetricDataQueries")).flatMap(q -> {
                        List<String> names = new java.util.ArrayList<>();
                        q.forEach(one -> {
                            var stat = one.path("MetricStat");
                            var metric = stat.path("Metric");
                            assertEquals(60, stat.path("Period").asInt());
                            names.add(metric.path("Namespace").asText() + " "
                                    + metric.path("MetricName").asText()
                                    + " "
                                    + metric.path("Dimensions")
                                            .get(0)
                                            .path("Name")
                                            .asText() + "="
                                    + metric.path("Dimensions")
                                            .get(0)
                                            .path("Value")
                                            .asText() + " "
                                    + stat.path("Stat").asText());
                        });
                        return names.stream();
                    }))
                    .collect(Collectors.toSet());
            assertEquals(
                    Set.of(
                            "AWS/Lambda ConcurrentExecutions FunctionName=twinstack-Function Maximum",
                            "AWS/Lambda Throttles FunctionName=twinstack-Function Sum",
                            "AWS/RDS DatabaseConnections ProxyName=twinstack-proxy Sum",
                            "AWS/RDS ClientConnections ProxyName=twinstack-proxy Sum",
                            "AWS/RDS DatabaseConnectionsCurrentlySessionPinned ProxyName=twinstack-proxy Sum"),
                    read);
            assertTrue(aws.calls("StopQuery").isEmpty(), "a complete query needs no stop");
        }
    }

    @Test
    void stopsAQueryThatIsNotCompleteByItsDeadlineAndKeepsTheOtherParts() throws Exception {
        try (AwsStandIn aws = new AwsStandIn(n -> "get-query-results-running.json")) {
            Collection collection = Collection.start(awsOnly(QUICK), aws.clients(() -> {
                throw new AssertionError("no cluster asked for");
            }));

            Collection.Outcome outcome = collection.finish();

            assertEquals(Optional.empty(), outcome.collected().lambda());
            assertEquals(1, outcome.failures().size(), outcome.failures().toString());
            assertTrue(outcome.failures().get(0).startsWith("Lambda function twinstack-Function: "));
            assertTrue(
                    outcome.failures().get(0).contains("not complete"),
                    outcome.failures().toString());
            assertTrue(outcome.collected().proxy().isPresent(), "the proxy's metrics stand");
            assertEquals(1, aws.calls("StopQuery").size());
            assertEquals(
                    "12ab3456-12ab-123a-789e-1234567890ab",
                    aws.calls("StopQuery").get(0).body().path("queryId").asText());
        }
    }

    /**
     * The calls of a whole collection, and of one whose query is stopped, are exactly those Permissions names: the list
     * the policy and the Role are checked against is the list of what the code calls.
     */
    @Test
    void callsExactlyWhatThePermissionsName() throws Exception {
        Set<String> awsCalls = new HashSet<>();
        Set<Permissions.KubernetesRule> kubernetesCalls = new HashSet<>();
        try (AwsStandIn aws = new AwsStandIn(n -> "get-query-results-complete.json");
                KubernetesStandIn cluster = new KubernetesStandIn(Instant.now())) {
            Collection.start(everything(Duration.ofSeconds(30)), aws.clients(cluster::client))
                    .finish();
            aws.calls().forEach(c -> awsCalls.add(c.service() + ":" + c.operation()));
            kubernetesCalls.addAll(cluster.calls());
        }
        try (AwsStandIn aws = new AwsStandIn(n -> "get-query-results-running.json")) {
            Collection.start(awsOnly(QUICK), aws.clients(() -> null)).finish();
            aws.calls().forEach(c -> awsCalls.add(c.service() + ":" + c.operation()));
        }

        assertEquals(
                Stream.of(Permissions.AwsAction.values()).map(a -> a.action).collect(Collectors.toSet()), awsCalls);
        assertEquals(Set.copyOf(Permissions.KUBERNETES), kubernetesCalls);
    }

    private static Collection.Plan everything(Duration queryDeadline) {
        return new Collection.Plan(
                Optional.of("twinstack-Function"),
                Optional.of("twinstack-proxy"),
                Optional.of(KubernetesStandIn.NAMESPACE),
                Optional.of(KubernetesStandIn.DEPLOYMENT),
                Optional.empty(),
                Duration.ofMillis(100),
                Duration.ZERO,
                queryDeadline);
    }

    private static Collection.Plan awsOnly(Duration queryDeadline) {
        return new Collection.Plan(
                Optional.of("twinstack-Function"),
                Optional.of("twinstack-proxy"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Duration.ofMillis(100),
                Duration.ZERO,
                queryDeadline);
    }

    private static MetricSeries series(List<MetricSeries> series, String metric) {
        return series.stream()
                .filter(s -> s.metric().equals(metric))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric));
    }

    private static List<Double> values(MetricSeries series) {
        return series.points().stream().map(MetricPoint::value).toList();
    }
}
