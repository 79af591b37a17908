package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.twinstack.toolkit.CloudFormationTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's gateway with the template's hybrid route table: the users' routes to the probe function, every other
 * {@code /api} route to a stub cluster that records what it received; the JWT authorizer on every route.
 */
class HttpApiGatewayTest {

    private static final Path DEPLOYED = Path.of("../../deploy-lambda/template.yaml");
    private static final HttpApiRoutes HYBRID =
            HttpApiRoutes.of(CloudFormationTemplate.read(DEPLOYED).withParameters(Map.of("Topology", "hybrid")));
    private static final String ISSUER = "https://issuer.test/";
    private static final String AUDIENCE = "twinstack-api";
    private static final String SUBJECT = "seed-000007";
    private static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    private static final String CLIENT_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

    private static final List<String> LOG = TestFunction.newLog();
    /** What the stub cluster received: one map of lower-case header names per request. */
    private static final List<Map<String, List<String>>> CLUSTER_SAW = new CopyOnWriteArrayList<>();

    private static RSAKey issuerKey;
    private static JwtAuthorizer authorizer;
    private static LocalLambda lambda;
    private static HttpServer cluster;

    @BeforeAll
    static void startTheFunctionAndTheCluster() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("issuer").generate();
        Path keys = Files.createTempFile("issuer", ".json");
        Files.writeString(keys, "{\"keys\":[" + issuerKey.toPublicJWK().toJSONString() + "]}");
        authorizer = JwtAuthorizer.of(ISSUER, AUDIENCE, keys);
        Files.delete(keys);
        lambda = LocalLambda.start(
                TestFunction.config(LOG).reservedConcurrency(1).build());
        cluster = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cluster.createContext("/", exchange -> {
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            CLUSTER_SAW.add(headers);
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            if (path.startsWith("/api/first")) {
                exchange.getResponseHeaders().set("X-Cold-Start", "true");
            }
            if (path.startsWith("/api/busy")) {
                status = 503;
                if (!path.endsWith("-without-retry-after")) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
            }
            byte[] body = ("{\"cluster\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cluster.start();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        cluster.stop(0);
    }

    @Test
    void answers401AsHttpApiWithoutAToken() {
        try (var gateway = gateway(Optional.empty())) {
            int before = CLUSTER_SAW.size();

            var toCluster = send(gateway, "api/orders", null, Map.of());
            var toFunction = send(gateway, "api/users", null, Map.of());

            assertEquals(401, toCluster.statusCode());
            assertEquals(UNAUTHORIZED, toCluster.body());
            assertEquals(401, toFunction.statusCode());
            assertEquals(UNAUTHORIZED, toFunction.body());
            assertEquals(before, CLUSTER_SAW.size(), "the cluster never sees an unauthorized request");
        }
    }

    @Test
    void answers401AsHttpApiForAnExpiredOrWronglySignedToken() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            String expired = token(issuerKey, Instant.now().minus(Duration.ofMinutes(10)), null);
            String stranger = token(
                    new RSAKeyGenerator(2048).keyID("issuer").generate(),
                    Instant.now().plus(Duration.ofMinutes(5)),
                    null);

            var expiredAnswer = send(gateway, "api/orders", expired, Map.of());
            var strangerAnswer = send(gateway, "api/users/1", stranger, Map.of());

            assertEquals(401, expiredAnswer.statusCode());
            assertEquals(UNAUTHORIZED, expiredAnswer.body());
            assertEquals(401, strangerAnswer.statusCode());
            assertEquals(UNAUTHORIZED, strangerAnswer.body());
        }
    }

    @Test
    void overwritesTheIdentityHeadersAClientSends() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            String token = token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null);

            var response = send(
                    gateway,
                    "api/orders/5",
                    token,
                    Map.of("X-Twinstack-Subject", "admin", "X-Twinstack-Scope", "users:admin"));

            assertEquals(200, response.statusCode(), response.body());
            var saw = CLUSTER_SAW.get(CLUSTER_SAW.size() - 1);
            assertEquals(List.of(SUBJECT), saw.get("x-twinstack-subject"));
            assertNull(saw.get("x-twinstack-scope"), "a token without scope leaves no scope header: " + saw);
        }
    }

    @Test
    void mapsTheScopeClaimToItsHeader() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            var response = send(
                    gateway,
                    "api/orders",
                    token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), "orders:write"),
                    Map.of());

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(
                    List.of("orders:write"),
                    CLUSTER_SAW.get(CLUSTER_SAW.size() - 1).get("x-twinstack-scope"));
        }
    }

    @Test
    void putsTheClaimsRouteAndTraceIntoTheFunctionsEvent() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            var response = send(
                    gateway,
                    "api/users/3",
                    token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null),
                    Map.of());

            assertEquals(200, response.statusCode(), response.body());
            String event = response.body();
            assertTrue(event.contains("\"claims\":{"), event);
            assertTrue(event.contains("\"sub\":\"" + SUBJECT + "\""), event);
            assertTrue(event.contains("\"routeKey\":\"ANY /api/users/{proxy+}\""), event);
            assertTrue(event.contains("\"pathParameters\":{\"proxy\":\"3\"}"), event);
            EdgeSpan span = lastSpan(gateway);
            assertTrue(event.contains("\"traceparent\":\"00-" + span.traceId() + "-" + span.spanId() + "-"), event);
        }
    }

    @Test
    void startsATraceAtTheEdgeWhenTheClientSentNone() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            send(gateway, "api/orders", token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null), Map.of());

            var forwarded = TRACEPARENT.matcher(
                    CLUSTER_SAW.get(CLUSTER_SAW.size() - 1).get("traceparent").get(0));
            assertTrue(forwarded.matches());
            EdgeSpan span = lastSpan(gateway);
            assertEquals(span.traceId(), forwarded.group(1));
            assertEquals(span.spanId(), forwarded.group(2), "the upstream's parent is the edge span");
            assertNull(span.parentSpanId(), "the edge span is the trace's root");
            assertEquals("GET /api/{proxy+}", span.name(), "the method and the route's path template");
            assertEquals("/api/{proxy+}", span.attributes().get("http.route"), "OpenTelemetry's http.route");
            assertEquals(200, span.attributes().get("http.response.status_code"));
            assertTrue(span.endTimeUnixNano() > span.startTimeUnixNano());
        }
    }

    @Test
    void continuesTheClientsTrace() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            send(
                    gateway,
                    "api/orders",
                    token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null),
                    Map.of("traceparent", CLIENT_TRACEPARENT));

            String forwarded =
                    CLUSTER_SAW.get(CLUSTER_SAW.size() - 1).get("traceparent").get(0);
            EdgeSpan span = lastSpan(gateway);
            assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-" + span.spanId() + "-01", forwarded);
            assertEquals("00f067aa0ba902b7", span.parentSpanId());
            assertTrue(span.sampled());
        }
    }

    @Test
    void writesTheEdgeSpansAsJsonLines() throws Exception {
        Path spans = Files.createTempFile("edge-spans", ".jsonl");
        try (var gateway = HttpApiGateway.start(config(Optional.empty(), spans))) {
            send(gateway, "api/orders", token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null), Map.of());

            String line = Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> Files.readString(spans), text -> !text.isBlank());
            EdgeSpan span = lastSpan(gateway);
            assertTrue(line.contains("\"traceId\":\"" + span.traceId() + "\""), line);
            assertTrue(line.contains("\"startTimeUnixNano\":" + span.startTimeUnixNano()), line);
        } finally {
            Files.deleteIfExists(spans);
        }
    }

    @Test
    void samplesNewTracesAtTheRatioOnTheTraceIdsLowBytes() {
        String low = "4bf92f3577b34da6" + "0000000000000001";
        String high = "4bf92f3577b34da6" + "7fffffffffffffff";

        assertTrue(EdgeSpan.sampledAtRoot(low, 0.1));
        assertFalse(EdgeSpan.sampledAtRoot(high, 0.1));
        assertFalse(EdgeSpan.sampledAtRoot(low, 0));
        assertTrue(EdgeSpan.sampledAtRoot("4bf92f3577b34da6" + "7ffffffffffffffe", 1));
    }

    @Test
    void keepsTheInvocationsRequestIdOfWhatTheFunctionServed() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            send(gateway, "api/users/3", token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null), Map.of());

            String requestId = lastRequest(gateway).functionRequestId();
            assertFalse(requestId.isEmpty(), "the function's request id");
            assertTrue(
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(5))
                            .until(
                                    lambda::records,
                                    r -> r.stream().anyMatch(i -> i.requestId().equals(requestId)))
                            .stream()
                            .anyMatch(i -> i.requestId().equals(requestId)),
                    "its invocation record");
        }
    }

    @Test
    void keepsTheUpstreamsColdStartMark() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            String token = token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null);

            send(gateway, "api/first", token, Map.of());
            var first = lastRequest(gateway);
            send(gateway, "api/orders", token, Map.of());
            var next = Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(gateway::requests, r -> r.size() == 2)
                    .get(1);

            assertTrue(first.cold(), "the replica marked its first answer");
            assertFalse(next.cold());
            assertEquals("", first.functionRequestId(), "the cluster served it");
        }
    }

    @Test
    void spillsA503WithRetryAfterOntoTheFunctionUnderTheRule() throws Exception {
        try (var gateway = gateway(spillover(Set.of("ANY /api/{proxy+}")))) {
            var response = send(
                    gateway, "api/busy", token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null), Map.of());

            assertEquals(200, response.statusCode(), response.body());
            assertTrue(
                    response.body().contains("\"rawPath\":\"/api/busy\""), "the function's echo: " + response.body());
            var request = lastRequest(gateway);
            assertTrue(request.spilled());
            assertEquals("FunctionIntegration", request.served());
            assertTrue(request.firstTryMs() > 0 && request.firstTryMs() <= request.latencyMs());
        }
    }

    @Test
    void passesA503WithoutRetryAfterOn() throws Exception {
        try (var gateway = gateway(spillover(Set.of("ANY /api/{proxy+}")))) {
            var response = send(
                    gateway,
                    "api/busy-without-retry-after",
                    token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null),
                    Map.of());

            assertEquals(503, response.statusCode());
            assertFalse(lastRequest(gateway).spilled());
        }
    }

    @Test
    void spillsNothingWithoutTheRule() throws Exception {
        try (var gateway = gateway(Optional.empty())) {
            var response = send(
                    gateway, "api/busy", token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null), Map.of());

            assertEquals(503, response.statusCode());
            assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
            assertFalse(lastRequest(gateway).spilled());
            assertEquals("ClusterIntegration", lastRequest(gateway).served());
        }
    }

    @Test
    void spillsOnlyOnTheRoutesOfTheRule() throws Exception {
        try (var gateway = gateway(spillover(Set.of("GET /api/reports")))) {
            var response = send(
                    gateway, "api/busy", token(issuerKey, Instant.now().plus(Duration.ofMinutes(5)), null), Map.of());

            assertEquals(503, response.statusCode());
            assertFalse(lastRequest(gateway).spilled());
        }
    }

    private static Optional<HttpApiGateway.Spillover> spillover(Set<String> routes) {
        return Optional.of(new HttpApiGateway.Spillover("FunctionIntegration", routes));
    }

    private static HttpApiGateway gateway(Optional<HttpApiGateway.Spillover> spillover) {
        return HttpApiGateway.start(config(spillover, null));
    }

    private static HttpApiGateway.Config config(Optional<HttpApiGateway.Spillover> spillover, Path spans) {
        return new HttpApiGateway.Config(
                0,
                HYBRID,
                lambda,
                Map.of(
                        "ClusterIntegration",
                        URI.create("http://127.0.0.1:" + cluster.getAddress().getPort() + "/")),
                authorizer,
                0.1,
                spillover,
                Duration.ofSeconds(10),
                spans);
    }

    private static EdgeSpan lastSpan(HttpApiGateway gateway) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(gateway::spans, spans -> !spans.isEmpty())
                .get(gateway.spans().size() - 1);
    }

    private static HttpApiGateway.Request lastRequest(HttpApiGateway gateway) {
        List<HttpApiGateway.Request> requests =
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(gateway::requests, r -> !r.isEmpty());
        return requests.get(requests.size() - 1);
    }

    private static HttpResponse<String> send(
            HttpApiGateway gateway, String path, String token, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(gateway.endpoint().resolve(path)).timeout(TestFunction.REQUEST_TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return TestFunction.HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(RSAKey key, Instant expires, String scope) throws JOSEException {
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(SUBJECT)
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(expires));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
