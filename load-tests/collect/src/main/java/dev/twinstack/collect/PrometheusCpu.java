package dev.twinstack.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.results.MetricPoint;
import dev.twinstack.results.MetricSeries;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Deployment's CPU over the run's window from Prometheus ({@code GET /api/v1/query_range}), where the cluster has
 * one: the per-second rate of cAdvisor's {@code container_cpu_usage_seconds_total} of its pods' containers, summed, in
 * millicores.
 */
final class PrometheusCpu {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PrometheusCpu() {}

    /** The PromQL of the pods of {@code deployment} (named {@code DEPLOYMENT-REPLICASET-POD}) in {@code namespace}. */
    static String query(String namespace, String deployment) {
        return "sum(rate(container_cpu_usage_seconds_total{namespace=\"%s\",pod=~\"%s-[a-z0-9]+-[a-z0-9]+\",container!=\"\",container!=\"POD\"}[1m])) * 1000"
                .formatted(namespace, deployment);
    }

    static MetricSeries read(
            URI prometheus, String namespace, String deployment, Instant start, Instant end, Duration step)
            throws IOException, InterruptedException {
        long stepSeconds = Math.max(1, step.toSeconds());
        String query = query(namespace, deployment);
        URI uri = URI.create(prometheus.toString().replaceAll("/+$", "") + "/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + start.getEpochSecond()
                + "&end=" + Math.max(end.getEpochSecond(), start.getEpochSecond() + 1)
                + "&step=" + stepSeconds + "s");
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .build()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200
                || !"success".equals(answer.path("status").asText())) {
            throw new IOException("Prometheus answered " + response.statusCode() + ": "
                    + answer.path("error").asText(response.body()));
        }
        List<MetricPoint> points = new ArrayList<>();
        for (JsonNode series : answer.path("data").path("result")) {
            for (JsonNode value : series.path("values")) {
                points.add(new MetricPoint(
                        value.get(0).asDouble() - start.toEpochMilli() / 1000.0,
                        Double.parseDouble(value.get(1).asText())));
            }
        }
        return new MetricSeries(
                "prometheus",
                "container_cpu_usage_seconds_total",
                String.format(Locale.ROOT, "pods of Deployment %s/%s", namespace, deployment),
                "rate over 1m, millicores, sum of pods",
                (int) stepSeconds,
                points);
    }
}
