package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.toolkit.CloudFormationTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every CloudWatch metric the template names (alarms and the dashboard) is one AWS publishes: it is in the checked-in
 * catalogue {@code cloudwatch-metrics.json}, which cites the AWS page defining it, with a dimension set and a statistic
 * that page gives. A typo in a metric name gives an empty graph or an alarm that never fires, and CloudFormation
 * accepts it silently.
 */
class CloudWatchMetricsTest {

    private static final Path MODULE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A metric as the template uses it: where, which, by what, aggregated how. */
    record Use(String where, String namespace, String name, Set<String> dimensions, String statistic) {

        String key() {
            return namespace + " " + name;
        }
    }

    private static Map<String, JsonNode> catalogue;
    private static List<Use> uses;

    @BeforeAll
    static void load() throws IOException {
        catalogue = new HashMap<>();
        for (JsonNode metric : JSON.readTree(
                        MODULE.resolve("cloudwatch-metrics.json").toFile())
                .get("metrics")) {
            catalogue.put(
                    metric.get("namespace").asText() + " " + metric.get("name").asText(), metric);
        }
        Map<String, Object> resources = map(CloudFormationTemplate.read(MODULE.resolve("template.yaml"))
                .document()
                .get("Resources"));
        uses = new ArrayList<>();
        resources.forEach((name, resource) -> {
            Map<String, Object> properties = map(map(resource).get("Properties"));
            switch (String.valueOf(map(resource).get("Type"))) {
                case "AWS::CloudWatch::Alarm" -> uses.add(alarm(name, properties));
                case "AWS::CloudWatch::Dashboard" -> uses.addAll(dashboard(name, properties));
                default -> {}
            }
        });
    }

    @Test
    void everyMetricTheTemplateNamesIsInTheCatalogue() {
        assertTrue(uses.stream().anyMatch(u -> u.where().startsWith("Dashboard")), "the dashboard was read");
        assertAll(uses.stream().map(use -> () -> {
            JsonNode entry = catalogue.get(use.key());
            assertNotNull(entry, use.where() + ": " + use.key() + " is not in cloudwatch-metrics.json");
            assertTrue(
                    strings(entry.get("dimensions")).containsAll(use.dimensions()),
                    use.where() + ": " + use.key() + " is not published by " + use.dimensions());
            assertTrue(
                    strings(entry.get("statistics")).contains(use.statistic()),
                    use.where() + ": " + use.key() + " with statistic " + use.statistic());
        }));
    }

    @Test
    void everyCatalogueEntryCitesAwsDocumentationAndIsUsed() {
        Set<String> used = uses.stream().map(Use::key).collect(Collectors.toSet());

        assertAll(catalogue.entrySet().stream().map(e -> () -> {
            assertTrue(
                    e.getValue().path("documentation").asText().startsWith("https://docs.aws.amazon.com/"),
                    e.getKey() + " cites an AWS documentation page");
            assertFalse(e.getValue().path("meaning").asText().isBlank(), e.getKey() + " says what it means");
            assertTrue(used.contains(e.getKey()), e.getKey() + " is catalogued but not used");
        }));
    }

    @Test
    void dashboardShowsTrafficLatencyThrottlesConcurrencyAndTheProxy() {
        Set<String> shown = uses.stream()
                .filter(u -> u.where().startsWith("Dashboard"))
                .map(Use::name)
                .collect(Collectors.toCollection(TreeSet::new));

        assertTrue(
                shown.containsAll(Set.of(
                        "Invocations",
                        "Duration",
                        "Throttles",
                        "ConcurrentExecutions",
                        "ClientConnections",
                        "DatabaseConnections",
                        "DatabaseConnectionsCurrentlySessionPinned")),
                shown.toString());
        assertTrue(
                uses.stream()
                        .anyMatch(u ->
                                u.name().equals("Duration") && u.statistic().equals("p99")),
                "duration p99");
    }

    private static Use alarm(String name, Map<String, Object> properties) {
        Set<String> dimensions = list(properties.get("Dimensions")).stream()
                .map(d -> String.valueOf(map(d).get("Name")))
                .collect(Collectors.toSet());
        Object statistic = properties.getOrDefault("ExtendedStatistic", properties.get("Statistic"));
        return new Use(
                name,
                String.valueOf(properties.get("Namespace")),
                String.valueOf(properties.get("MetricName")),
                dimensions,
                String.valueOf(statistic));
    }

    /** The dashboard body is JSON inside {@code !Sub}: references become placeholders (numbers where unquoted). */
    private static List<Use> dashboard(String name, Map<String, Object> properties) {
        String body = String.valueOf(map(properties.get("DashboardBody")).get("Fn::Sub"))
                .replaceAll("\"\\$\\{([^}]+)}\"", "\"ref:$1\"")
                .replaceAll("\\$\\{([^}]+)}", "0");
        List<Use> found = new ArrayList<>();
        try {
            for (JsonNode widget : JSON.readTree(body).get("widgets")) {
                JsonNode widgetProperties = widget.get("properties");
                String title = name + " \"" + widgetProperties.path("title").asText() + "\"";
                for (JsonNode metric : widgetProperties.path("metrics")) {
                    Set<String> dimensions = new TreeSet<>();
                    String statistic = widgetProperties.path("stat").asText(null);
                    for (int i = 2; i < metric.size(); i++) {
                        if (metric.get(i).isObject()) {
                            statistic = metric.get(i).path("stat").asText(statistic);
                        } else {
                            dimensions.add(metric.get(i).asText());
                            i++;
                        }
                    }
                    assertEquals(false, metric.get(0).asText().equals("."), title + ": spell every metric out, no '.'");
                    found.add(new Use(
                            title,
                            metric.get(0).asText(),
                            metric.get(1).asText(),
                            dimensions,
                            String.valueOf(statistic)));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(name + ": the dashboard body is not JSON", e);
        }
        return found;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
