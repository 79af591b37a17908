package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana dashboard and the Prometheus alert rules (kustomize/components/monitoring) name only metrics the
 * packaged server really exposes on {@code /q/metrics}: a misspelt or renamed metric gives an empty panel or a rule
 * that never fires, and neither Grafana nor Prometheus complains. The server runs as in the pod, after a little API
 * traffic (request metrics appear with the first request).
 */
class MonitoringIT {

    static final Path MONITORING = ModuleFiles.KUSTOMIZE.resolve("components").resolve("monitoring");

    /** PromQL words that are not metric names: functions are followed by "(", these are not always. */
    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "inf",
            "nan");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void everyMetricTheDashboardAndTheAlertRulesNameIsExposedByTheServer() throws Exception {
        Map<String, Set<String>> named = new TreeMap<>();
        named.putAll(dashboardMetrics());
        named.putAll(alertRuleMetrics());
        Set<String> exposed;

        try (PackagedServer server = PackagedServer.start(database.db(), Map.of())) {
            int port = server.uri("/").getPort();
            long user = Fixtures.createUser(port);
            assertEquals(200, Http.get(port, "/api/users/" + user).status());
            assertEquals(404, Http.get(port, "/api/users/" + Long.MAX_VALUE).status());
            exposed = exposedMetrics(server);
        }

        assertTrue(named.size() >= 10, "the dashboard's panels and the rules were read: " + named.keySet());
        assertAll(named.entrySet().stream().map(e -> () -> {
            Set<String> missing = new TreeSet<>(e.getValue());
            missing.removeAll(exposed);
            assertEquals(Set.of(), missing, e.getKey() + " names metrics /q/metrics does not expose");
        }));
    }

    @Test
    void metricNamesAreFoundInPromQl() {
        assertEquals(
                Set.of("http_server_requests_seconds_bucket"),
                metricNames(
                        "histogram_quantile(0.99, sum by (namespace, le) (rate("
                                + "http_server_requests_seconds_bucket{job=\"twinstack\", uri=~\"/api.*\"}[$__rate_interval])))"));
        assertEquals(
                Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes"),
                metricNames("sum by (pod) (jvm_memory_used_bytes{area=\"heap\"}) / sum without (id) "
                        + "(jvm_memory_max_bytes > 0) > 0.9"));
    }

    /** Metric names of one PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String word = matcher.group();
            boolean function = bare.substring(matcher.end()).stripLeading().startsWith("(");
            boolean number = matcher.start() > 0 && Character.isDigit(bare.charAt(matcher.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static Map<String, Set<String>> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        Map<String, Set<String>> named = new TreeMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                named.computeIfAbsent("panel \"" + panel.get("title").asText() + "\"", k -> new TreeSet<>())
                        .addAll(metricNames(target.get("expr").asText()));
            }
        }
        return named;
    }

    private static Map<String, Set<String>> alertRuleMetrics() throws IOException {
        JsonNode rule = new ObjectMapper(new YAMLFactory())
                .readTree(MONITORING.resolve("prometheusrule.yaml").toFile());
        Map<String, Set<String>> named = new TreeMap<>();
        for (JsonNode group : rule.at("/spec/groups")) {
            for (JsonNode alert : group.get("rules")) {
                named.put(
                        "rule "
                                + alert.path("alert")
                                        .asText(alert.path("record").asText()),
                        metricNames(alert.get("expr").asText()));
            }
        }
        return named;
    }

    private static Set<String> exposedMetrics(PackagedServer server) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.managementUri("/q/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body()
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
