package dev.twinstack.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API server on 127.0.0.1 with one Deployment of two pods (one ready 5.2 s after its start and restarted once, one
 * not ready yet) and the metrics API, answering as Kubernetes does and keeping each request as the RBAC rule it needs.
 */
final class KubernetesStandIn implements AutoCloseable {

    static final String NAMESPACE = "twinstack";
    static final String DEPLOYMENT = "twinstack";
    static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "twinstack");
    static final String SELECTOR_QUERY = "app.kubernetes.io/name=twinstack";

    private static final Pattern PATH = Pattern.compile(
            "/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)/namespaces/(?<ns>[^/]+)/(?<resource>[^/]+)(?:/(?<name>[^/]+))?");

    private final HttpServer server;
    private final Instant podStart;
    private final List<Permissions.KubernetesRule> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    KubernetesStandIn(Instant podStart) throws IOException {
        this.podStart = podStart;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withNamespace(NAMESPACE)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Each request as the rule that grants it. */
    List<Permissions.KubernetesRule> calls() {
        return List.copyOf(calls);
    }

    /** Requests that were not as the collection should send them. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            Matcher m = PATH.matcher(path);
            if (!m.matches() || !exchange.getRequestMethod().equals("GET")) {
                failures.add(exchange.getRequestMethod() + " " + path);
                send(exchange, 404, "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":404}");
                return;
            }
            String group = m.group("group") == null ? "" : m.group("group");
            String resource = m.group("resource");
            String verb = query.contains("watch=true") ? "watch" : m.group("name") != null ? "get" : "list";
            calls.add(new Permissions.KubernetesRule(group, resource, verb));
            if (!m.group("ns").equals(NAMESPACE)) {
                failures.add("namespace " + m.group("ns"));
            }
            if (verb.equals("list") && !query.contains("labelSelector=" + SELECTOR_QUERY)) {
                failures.add("a list without the Deployment's selector: " + path + "?" + query);
            }
            String body = switch (group + "/" + resource + "/" + verb) {
                case "apps/deployments/get" -> Serialization.asJson(deployment());
                case "/pods/list" ->
                    Serialization.asJson(new PodListBuilder().withItems(pods()).build());
                case "metrics.k8s.io/pods/list" ->
                    Serialization.asJson(new PodMetricsListBuilder()
                            .withItems(podMetrics("twinstack-7d9f-a", "250m"), podMetrics("twinstack-7d9f-b", "120m"))
                            .build());
                default -> null;
            };
            if (body == null) {
                failures.add("unexpected " + group + "/" + resource + "/" + verb);
                send(exchange, 404, "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":404}");
            } else {
                send(exchange, 200, body);
            }
        }
    }

    private static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(DEPLOYMENT)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(SELECTOR)
                .endSelector()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withReadyReplicas(1)
                .endStatus()
                .build();
    }

    private List<Pod> pods() {
        return List.of(
                new PodBuilder()
                        .withNewMetadata()
                        .withName("twinstack-7d9f-a")
                        .withNamespace(NAMESPACE)
                        .withLabels(SELECTOR)
                        .withCreationTimestamp(podStart.minusSeconds(3).toString())
                        .endMetadata()
                        .withNewStatus()
                        .withStartTime(podStart.toString())
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .withLastTransitionTime(podStart.plusMillis(5200).toString())
                        .endCondition()
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("app")
                                .withRestartCount(1)
                                .build())
                        .endStatus()
                        .build(),
                new PodBuilder()
                        .withNewMetadata()
                        .withName("twinstack-7d9f-b")
                        .withNamespace(NAMESPACE)
                        .withLabels(SELECTOR)
                        .withCreationTimestamp(podStart.plusSeconds(20).toString())
                        .endMetadata()
                        .withNewStatus()
                        .withStartTime(podStart.plusSeconds(21).toString())
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("False")
                        .withLastTransitionTime(podStart.plusSeconds(21).toString())
                        .endCondition()
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("app")
                                .withRestartCount(0)
                                .build())
                        .endStatus()
                        .build());
    }

    private static io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics podMetrics(String pod, String cpu) {
        return new PodMetricsBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withContainers(new ContainerMetricsBuilder()
                        .withName("app")
                        .withUsage(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("300Mi")))
                        .build())
                .build();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
