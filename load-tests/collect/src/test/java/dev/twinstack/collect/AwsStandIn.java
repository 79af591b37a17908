package dev.twinstack.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * CloudWatch Logs and CloudWatch on 127.0.0.1, answering as AWS does (Logs: AWS JSON 1.1 with {@code X-Amz-Target};
 * CloudWatch: Smithy RPC v2 CBOR) with the fixtures, and keeping every request it was sent. A request not signed with
 * the test's static credentials for the right service is refused, as AWS refuses it.
 */
final class AwsStandIn implements AutoCloseable {

    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final Region REGION = Region.EU_WEST_1;

    /** One request: its service and operation (as IAM names them) and its body, read as JSON. */
    record Call(String service, String operation, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();

    private final HttpServer server;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final IntFunction<String> queryResults;

    /** {@code queryResults}: the fixture GetQueryResults answers with on its n-th call (from 0). */
    AwsStandIn(IntFunction<String> queryResults) throws IOException {
        this.queryResults = queryResults;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String operation) {
        return calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The collection's clients, pointed here with static fake credentials. */
    Collection.Clients clients(java.util.function.Supplier<io.fabric8.kubernetes.client.KubernetesClient> kubernetes) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "fake-secret"));
        return new Collection.Clients(
                () -> CloudWatchLogsClient.builder()
                        .endpointOverride(endpoint())
                        .region(REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(direct())
                        .build(),
                () -> CloudWatchClient.builder()
                        .endpointOverride(endpoint())
                        .region(REGION)
                        .credentialsProvider(credentials)
                        .httpClientBuilder(direct())
                        .build(),
                kubernetes);
    }

    /** Straight to 127.0.0.1, whatever proxy the environment names. */
    private static UrlConnectionHttpClient.Builder direct() {
        return UrlConnectionHttpClient.builder()
                .proxyConfiguration(ProxyConfiguration.builder()
                        .useEnvironmentVariablesValues(false)
                        .useSystemPropertyValues(false)
                        .build());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String path = exchange.getRequestURI().getPath();
            if (target != null && target.startsWith("Logs_20140328.")) {
                if (!signedFor(exchange, "logs")) {
                    refuse(exchange);
                    return;
                }
                String operation = target.substring("Logs_20140328.".length());
                calls.add(new Call("logs", operation, JSON.readTree(body)));
                String answer = switch (operation) {
                    case "StartQuery" -> "{\"queryId\":\"12ab3456-12ab-123a-789e-1234567890ab\"}";
                    case "GetQueryResults" ->
                        fixture(queryResults.apply(calls("GetQueryResults").size() - 1));
                    case "StopQuery" -> "{\"success\":true}";
                    default -> throw new IllegalStateException("not CloudWatch Logs' answer: " + operation);
                };
                send(exchange, "application/x-amz-json-1.1", answer.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/service/GraniteServiceVersion20100801/operation/GetMetricData")
                    && "rpc-v2-cbor".equals(exchange.getRequestHeaders().getFirst("smithy-protocol"))) {
                if (!signedFor(exchange, "monitoring")) {
                    refuse(exchange);
                    return;
                }
                JsonNode request = CBOR.readTree(body);
                calls.add(new Call("cloudwatch", "GetMetricData", request));
                exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
                send(exchange, "application/cbor", metricData(request));
            } else {
                refuse(exchange);
            }
        }
    }

    /** SigV4 with the test's key for {@code service} ({@code logs}, {@code monitoring}) in the test's region. */
    private static boolean signedFor(HttpExchange exchange, String service) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null
                && authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
                && authorization.contains("/" + REGION.id() + "/" + service + "/aws4_request");
    }

    /**
     * The fixture pages: page 1 unless the request carries page 1's NextToken. Each query's Id answered with the result
     * labelled by its metric's name; timestamps moved so that the fixture's first one is the request's StartTime.
     */
    private static byte[] metricData(JsonNode request) throws IOException {
        boolean second = request.path("NextToken").asText("").equals("page-2");
        JsonNode page = JSON.readTree(fixture(second ? "get-metric-data-page-2.json" : "get-metric-data-page-1.json"));
        long shift = request.path("StartTime").asLong() - 1795469400L;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            for (JsonNode query : request.path("MetricDataQueries")) {
                String metric = query.path("MetricStat")
                        .path("Metric")
                        .path("MetricName")
                        .asText();
                for (JsonNode result : page.path("MetricDataResults")) {
                    if (result.path("Label").asText().equals(metric)) {
                        g.writeStartObject();
                        g.writeStringField("Id", query.path("Id").asText());
                        g.writeStringField("Label", metric);
                        g.writeFieldName("Timestamps");
                        g.writeStartArray();
                        for (JsonNode t : result.path("Timestamps")) {
                            g.writeTag(1);
                            g.writeNumber((double) (t.asLong() + shift));
                        }
                        g.writeEndArray();
                        g.writeFieldName("Values");
                        g.writeStartArray();
                        for (JsonNode v : result.path("Values")) {
                            g.writeNumber(v.asDouble());
                        }
                        g.writeEndArray();
                        g.writeStringField(
                                "StatusCode", result.path("StatusCode").asText());
                        g.writeEndObject();
                    }
                }
            }
            g.writeEndArray();
            if (page.has("NextToken")) {
                g.writeStringField("NextToken", page.path("NextToken").asText());
            }
            g.writeFieldName("Messages");
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static String fixture(String name) {
        try (InputStream in = AwsStandIn.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's body parsed, for comparing with what the collection made of it. */
    static ObjectNode fixtureJson(String name) {
        try {
            return (ObjectNode) JSON.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        byte[] body = "{\"__type\":\"UnrecognizedClientException\",\"message\":\"not a request this stand-in answers\"}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
