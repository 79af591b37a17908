package dev.twinstack.lambdalocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lab's gateway, grown from {@link HttpApiFront}: one HTTP API with the template's route table
 * ({@link HttpApiRoutes}), each route to its integration: the local function (a payload format 2.0 event with the
 * authorizer's claims in {@code requestContext.authorizer.jwt.claims}, answered as {@link HttpApiFront} answers) or an
 * HTTP upstream (the request passed on with the integration's parameter mapping applied, so the identity headers carry
 * the authorizer's claims whatever the client sent in them; an upstream that cannot be reached or does not answer
 * within the integration timeout is answered 503 {@code {"message":"Service Unavailable"}}). A route that needs a JWT is answered 401
 * {@code {"message":"Unauthorized"}} by the gateway itself without a valid token, as HTTP API's JWT authorizer does.
 * Every request gets an edge span ({@link EdgeSpan}): a {@code traceparent} is created here when the client sent none
 * and forwarded to either integration.
 *
 * <p>Lab only, off unless configured: a spillover rule, by which a request that an HTTP upstream answered 503 with
 * {@code Retry-After} is tried once more on the function. HTTP API itself cannot do this (a route has one integration
 * and no retry); on AWS it takes weighted target groups on an Application Load Balancer or a rule in the client.
 */
public final class HttpApiGateway implements AutoCloseable {

    /** Headers that end at each hop (RFC 9110, 7.6.1), and those the JDK's client sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "host",
            "expect",
            "date");

    /**
     * The lab-only spillover rule: requests on {@code routeKeys} that their HTTP upstream answered 503 with
     * {@code Retry-After} are tried once more on the function integration {@code toIntegration}.
     */
    public record Spillover(String toIntegration, Set<String> routeKeys) {

        public Spillover {
            routeKeys = Set.copyOf(routeKeys);
        }
    }

    /**
     * What the gateway runs with.
     *
     * @param lambda the function every FUNCTION integration invokes (null when the table has none)
     * @param upstreams each HTTP integration's base URL, by its logical ID
     * @param authorizer the routes' JWT authorizer (null: a route that asks for one answers 401 to everything)
     * @param samplingRatio the ratio a trace started here is sampled at
     * @param spillover the lab-only rule, empty for none (the default)
     * @param spans where the edge spans go, one JSON line each (null: kept in memory only)
     */
    public record Config(
            int port,
            HttpApiRoutes routes,
            LocalLambda lambda,
            Map<String, URI> upstreams,
            JwtAuthorizer authorizer,
            double samplingRatio,
            Optional<Spillover> spillover,
            Duration integrationTimeout,
            Path spans) {

        public Config {
            upstreams = Map.copyOf(upstreams);
            for (HttpApiRoutes.Route route : routes.routes()) {
                HttpApiRoutes.Integration integration = route.integration();
                if (integration.kind() == HttpApiRoutes.Kind.HTTP && !upstreams.containsKey(integration.id())) {
                    throw new IllegalArgumentException(
                            route.key() + ": no upstream for the HTTP integration " + integration.id());
                }
                if (integration.kind() == HttpApiRoutes.Kind.FUNCTION && lambda == null) {
                    throw new IllegalArgumentException(route.key() + ": no function for " + integration.id());
                }
                integration.requestParameters().keySet().forEach(HttpApiGateway::checkMapping);
            }
            spillover.ifPresent(rule -> {
                boolean toFunction = routes.routes().stream()
                        .map(HttpApiRoutes.Route::integration)
                        .anyMatch(i -> i.id().equals(rule.toIntegration()) && i.kind() == HttpApiRoutes.Kind.FUNCTION);
                if (!toFunction) {
                    throw new IllegalArgumentException(
                            "spillover goes to a function integration of the table, not " + rule.toIntegration());
                }
            });
        }
    }

    /**
     * One request as the gateway handled it.
     *
     * @param routeKey the route it matched (empty for none: 404)
     * @param served the integration whose answer the client got (empty when the gateway answered itself)
     * @param spilled whether it was tried on the cluster first and then served by the function
     * @param firstTryMs for a spilled request, the time its first try took until the 503 (else 0)
     * @param latencyMs from the request's arrival to its answer sent
     * @param traceId the trace the edge started (or continued) for it
     * @param functionRequestId the Lambda request id of the invocation that answered it (empty when the function did
     *     not), as the local service's invocation records name it
     * @param cold whether the answer said it was its instance's first ({@code X-Cold-Start}, which the service sets)
     */
    public record Request(
            long startEpochMs,
            String method,
            String routeKey,
            String served,
            HttpApiRoutes.Kind servedKind,
            int status,
            boolean spilled,
            double firstTryMs,
            double latencyMs,
            String traceId,
            String functionRequestId,
            boolean cold) {}

    /** The response header the service marks its instance's first request with. */
    static final String COLD_START_HEADER = "X-Cold-Start";

    private final Config config;
    private final HttpServer server;
    private final HttpClient client;
    private final HttpApiRoutes.Integration spillTarget;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gateway");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<EdgeSpan> spans = new ConcurrentLinkedQueue<>();
    private final BufferedWriter spanLog;

    private HttpApiGateway(Config config) throws IOException {
        this.config = config;
        this.spillTarget = config.spillover()
                .flatMap(rule -> config.routes().routes().stream()
                        .map(HttpApiRoutes.Route::integration)
                        .filter(i -> i.id().equals(rule.toIntegration()))
                        .findFirst())
                .orElse(null);
        // HTTP/1.1 over kept-alive connections, as an HTTP API private integration talks to its load balancer.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.spanLog = config.spans() == null ? null : Files.newBufferedWriter(config.spans(), StandardCharsets.UTF_8);
        server = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", config.port()), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static HttpApiGateway start(Config config) {
        try {
            return new HttpApiGateway(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gateway on port " + config.port(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The requests handled so far, in the order they ended. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The edge spans so far, in the order their requests ended. */
    public List<EdgeSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (spanLog != null) {
            synchronized (spanLog) {
                try {
                    spanLog.close();
                } catch (IOException ignored) {
                    // The spans in memory are still there.
                }
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        long startEpochNanos = EdgeSpan.nowNanos();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        EdgeSpan.Context trace =
                EdgeSpan.start(exchange.getRequestHeaders().getFirst("traceparent"), config.samplingRatio());
        String apiRequestId = HttpApiEvents.apiRequestId();
        String routeKey = "";
        HttpApiRoutes.Integration served = null;
        int status = 500;
        boolean spilled = false;
        double firstTryMs = 0;
        String functionRequestId = "";
        try {
            Optional<HttpApiRoutes.Match> match =
                    config.routes().match(method, exchange.getRequestURI().getPath());
            if (match.isEmpty()) {
                status = HttpApiEvents.writeError(exchange, 404, HttpApiRoutes.NOT_FOUND, apiRequestId);
                return;
            }
            HttpApiRoutes.Route route = match.get().route();
            routeKey = route.key();
            JwtAuthorizer.Claims claims = null;
            if (route.jwt()) {
                var authorized = config.authorizer() == null
                        ? Optional.<JwtAuthorizer.Claims>empty()
                        : config.authorizer()
                                .authorize(exchange.getRequestHeaders().getFirst("Authorization"));
                if (authorized.isEmpty()) {
                    // As HTTP API: the authorizer answers, no integration sees the request.
                    status = HttpApiEvents.writeError(exchange, 401, JwtAuthorizer.UNAUTHORIZED, apiRequestId);
                    return;
                }
                claims = authorized.get();
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpApiRoutes.Integration integration = route.integration();
            if (integration.kind() == HttpApiRoutes.Kind.HTTP) {
                Optional<HttpResponse<byte[]>> answer = forward(exchange, integration, body, claims, trace);
                boolean spill = answer.isPresent()
                        && spillTarget != null
                        && config.spillover().orElseThrow().routeKeys().contains(routeKey)
                        && answer.get().statusCode() == 503
                        && answer.get().headers().firstValue("Retry-After").isPresent();
                if (!spill) {
                    served = integration;
                    status = answer.isPresent()
                            ? relay(exchange, answer.get(), apiRequestId)
                            : HttpApiEvents.writeError(exchange, 503, HttpApiFront.SERVICE_UNAVAILABLE, apiRequestId);
                    return;
                }
                spilled = true;
                firstTryMs = (System.nanoTime() - received) / 1e6;
                integration = spillTarget;
            }
            served = integration;
            byte[] event = HttpApiEvents.toEvent(
                    exchange,
                    body,
                    apiRequestId,
                    Instant.now(),
                    claims,
                    routeKey,
                    match.get().pathParameters(),
                    Map.of("traceparent", trace.traceparent()));
            Invocation invocation = config.lambda().submit(event, received);
            functionRequestId = invocation.requestId();
            status = HttpApiFront.answer(config.lambda(), exchange, invocation, apiRequestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            status = HttpApiEvents.writeError(exchange, 500, HttpApiFront.INTERNAL_SERVER_ERROR, apiRequestId);
        } finally {
            exchange.close();
            long endEpochNanos = startEpochNanos + (System.nanoTime() - received);
            record(
                    new Request(
                            startEpochNanos / 1_000_000,
                            method,
                            routeKey,
                            served == null ? "" : served.id(),
                            served == null ? null : served.kind(),
                            status,
                            spilled,
                            firstTryMs,
                            (System.nanoTime() - received) / 1e6,
                            trace.traceId(),
                            functionRequestId,
                            "true".equals(exchange.getResponseHeaders().getFirst(COLD_START_HEADER))),
                    trace,
                    path,
                    startEpochNanos,
                    endEpochNanos);
        }
    }

    /**
     * The request passed on to the integration's upstream, with its parameter mapping applied; empty when the upstream
     * could not be reached or did not answer within the integration timeout.
     */
    private Optional<HttpResponse<byte[]>> forward(
            HttpExchange exchange,
            HttpApiRoutes.Integration integration,
            byte[] body,
            JwtAuthorizer.Claims claims,
            EdgeSpan.Context trace)
            throws InterruptedException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower)) {
                headers.computeIfAbsent(lower, n -> new ArrayList<>()).addAll(values);
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.computeIfAbsent("x-forwarded-for", n -> new ArrayList<>()).add(sourceIp);
        headers.put("x-forwarded-proto", List.of("http"));
        headers.put("traceparent", List.of(trace.traceparent()));
        String path = exchange.getRequestURI().getRawPath();
        for (var mapping : integration.requestParameters().entrySet()) {
            String value = value(mapping.getValue(), exchange, claims);
            String key = mapping.getKey();
            if (key.equals("overwrite:path")) {
                path = value == null ? path : value;
                continue;
            }
            String action = key.substring(0, key.indexOf(':'));
            String header = key.substring(key.indexOf(".") + 1);
            switch (action) {
                case "overwrite" -> {
                    // HTTP API overwrites: a client's own value never reaches the integration.
                    headers.remove(header);
                    if (value != null && !value.isEmpty()) {
                        headers.put(header, List.of(value));
                    }
                }
                case "append" -> {
                    if (value != null) {
                        headers.computeIfAbsent(header, n -> new ArrayList<>()).add(value);
                    }
                }
                default -> headers.remove(header);
            }
        }
        String query = exchange.getRequestURI().getRawQuery();
        URI base = config.upstreams().get(integration.id());
        URI uri = base.resolve(path + (query == null ? "" : "?" + query));
        var request = HttpRequest.newBuilder(uri)
                .timeout(config.integrationTimeout())
                .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        try {
            return Optional.of(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            // Refused, reset or timed out (HttpTimeoutException): the gateway answers 503 itself.
            return Optional.empty();
        }
    }

    private static int relay(HttpExchange exchange, HttpResponse<byte[]> answer, String apiRequestId)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        headers.set("Apigw-Requestid", apiRequestId);
        byte[] body = answer.body();
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
        return answer.statusCode();
    }

    /** A mapping's value: {@code $context.authorizer.claims.X}, {@code $request.header.X}, {@code $request.path}. */
    private static String value(String source, HttpExchange exchange, JwtAuthorizer.Claims claims) {
        if (source.startsWith("$context.authorizer.claims.")) {
            return claims == null
                    ? null
                    : claims.claims().get(source.substring("$context.authorizer.claims.".length()));
        }
        if (source.startsWith("$request.header.")) {
            return exchange.getRequestHeaders().getFirst(source.substring("$request.header.".length()));
        }
        if (source.equals("$request.path")) {
            return exchange.getRequestURI().getRawPath();
        }
        if (source.startsWith("$")) {
            throw new IllegalArgumentException("mapping value " + source + " not modelled");
        }
        return source;
    }

    private static void checkMapping(String key) {
        boolean header = key.matches("(overwrite|append|remove):header\\.[a-z0-9-]+");
        if (!header && !key.equals("overwrite:path")) {
            throw new IllegalArgumentException("parameter mapping " + key + " not modelled by the gateway");
        }
    }

    private void record(Request request, EdgeSpan.Context trace, String path, long start, long end) {
        String key = request.routeKey();
        requests.add(request);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("http.request.method", request.method());
        attributes.put("url.path", path);
        if (!request.routeKey().isEmpty()) {
            // OpenTelemetry's http.route is the path template; the route key puts HTTP API's method before it.
            attributes.put("http.route", key.substring(key.indexOf(' ') + 1));
        }
        attributes.put("http.response.status_code", request.status());
        attributes.put("twinstack.gateway.integration", request.served());
        attributes.put("twinstack.gateway.spilled", request.spilled());
        EdgeSpan span = EdgeSpan.of(
                trace,
                key.isEmpty() ? request.method() : request.method() + " " + key.substring(key.indexOf(' ') + 1),
                start,
                end,
                attributes);
        spans.add(span);
        if (spanLog != null) {
            try {
                String line = Json.MAPPER.writeValueAsString(span);
                synchronized (spanLog) {
                    spanLog.write(line);
                    spanLog.write('\n');
                    spanLog.flush();
                }
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            } catch (IOException e) {
                // A closed log at the end of a run: the span stays in memory.
            }
        }
    }
}
