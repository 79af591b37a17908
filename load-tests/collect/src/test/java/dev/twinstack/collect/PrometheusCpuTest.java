package dev.twinstack.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.twinstack.results.MetricPoint;
import dev.twinstack.results.MetricSeries;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Deployment's CPU from Prometheus, where one is given, instead of the metrics API. */
class PrometheusCpuTest {

    private HttpServer prometheus;
    private final List<String> queries = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startPrometheus() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/query_range", exchange -> {
            try (exchange) {
                String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                queries.add(query);
                long start = Long.parseLong(query.replaceAll(".*[?&]?start=(\\d+).*", "$1"));
                ObjectNode answer = AwsStandIn.fixtureJson("prometheus-query-range.json");
                ArrayNode values =
                        (ArrayNode) answer.path("data").path("result").get(0).path("values");
                double first = values.get(0).get(0).asDouble();
                values.forEach(v -> ((ArrayNode) v).set(0, v.get(0).asDouble() - first + start));
                byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        prometheus.start();
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.stop(0);
    }

    @Test
    void readsTheSummedRateOfTheDeploymentsPodsOverTheWindow() throws Exception {
        Instant start = Instant.now().minusSeconds(60);

        MetricSeries cpu = PrometheusCpu.read(url(), "shop", "twinstack", start, Instant.now(), Duration.ofSeconds(15));

        assertEquals(
                List.of(250.0, 410.0, 370.0),
                cpu.points().stream().map(MetricPoint::value).toList());
        assertEquals(0, cpu.points().get(0).t(), 1.0, "the window's start, to the second");
        assertEquals(15, cpu.periodSeconds());
        String query = queries.get(0);
        assertTrue(query.contains("container_cpu_usage_seconds_total{namespace=\"shop\",pod=~\"twinstack-"), query);
        assertTrue(query.contains("&step=15s") && query.contains("&start=" + start.getEpochSecond()), query);
    }

    @Test
    void takesTheCpuFromPrometheusInsteadOfTheMetricsApi() throws Exception {
        try (AwsStandIn aws = new AwsStandIn(n -> "get-query-results-complete.json");
                KubernetesStandIn cluster = new KubernetesStandIn(Instant.now())) {
            Collection.Outcome outcome = Collection.start(
                            new Collection.Plan(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(KubernetesStandIn.NAMESPACE),
                                    Optional.of(KubernetesStandIn.DEPLOYMENT),
                                    Optional.empty(),
                                    Duration.ofMillis(100),
                                    Duration.ZERO,
                                    Collection.QUERY_DEADLINE,
                                    Optional.of(url())),
                            aws.clients(cluster::client))
                    .finish();

            MetricSeries cpu = outcome.collected().cluster().orElseThrow().cpu().orElseThrow();
            assertEquals("prometheus", cpu.namespace());
            assertEquals(410.0, cpu.max());
            assertTrue(
                    cluster.calls().stream().noneMatch(c -> c.apiGroup().equals("metrics.k8s.io")),
                    "the metrics API is not asked: " + cluster.calls());
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + prometheus.getAddress().getPort() + "/");
    }
}
