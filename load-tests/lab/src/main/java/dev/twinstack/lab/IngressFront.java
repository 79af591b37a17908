package dev.twinstack.lab;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingress the manifests put before the pods, as ingress-nginx runs it with its defaults: every request balanced on
 * its own (round robin over the ready endpoints) over keep-alive connections to them, the request body read whole
 * before it goes upstream (nginx's {@code proxy_request_buffering on}), and a failed try passed to the next endpoint
 * by nginx's {@code proxy_next_upstream error timeout} rule:
 *
 * <ul>
 *   <li>an error or timeout while connecting, sending the request or reading the response header counts; an answer
 *       of any status, 5xx included, is passed to the client as it is;
 *   <li>a non-idempotent request (POST, PATCH, LOCK) is passed on only if nothing of it was sent yet (the connection
 *       failed); once it went out, its failure is the client's answer;
 *   <li>at most {@link #NEXT_UPSTREAM_TRIES} tries in all, each on an endpoint not tried yet for this request;
 *   <li>once the response has started towards the client there is no retry: an upstream that dies mid-response cuts
 *       the client's connection.
 * </ul>
 *
 * <p>No endpoint at all: 503, as ingress-nginx answers for a Service without ready endpoints. Every try failed: 502,
 * or 504 when the last one timed out.
 *
 * @see <a href="https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream">nginx:
 *     proxy_next_upstream (non_idempotent, since 1.9.13)</a>
 * @see <a href="https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/">ingress-nginx
 *     ConfigMap: proxy-next-upstream "error timeout", proxy-next-upstream-tries 3, proxy-connect-timeout 5 s,
 *     proxy-read-timeout 60 s, upstream-keepalive-timeout 60 s</a>
 */
final class IngressFront implements Front {

    /** ingress-nginx's {@code proxy-next-upstream-tries}: tries in all, the first included. */
    static final int NEXT_UPSTREAM_TRIES = 3;
    /** ingress-nginx's {@code proxy-connect-timeout}. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** ingress-nginx's {@code proxy-read-timeout}: between two reads from the upstream. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** ingress-nginx's {@code upstream-keepalive-timeout}: an idle upstream connection is kept this long. */
    static final Duration UPSTREAM_KEEPALIVE = Duration.ofSeconds(60);

    /** nginx's non-idempotent methods: never passed on once something of them was sent. */
    /** The service's mark on an instance's first answer. */
    static final String COLD_START = "X-Cold-Start";

    private static final Set<String> NON_IDEMPOTENT = Set.of("POST", "PATCH", "LOCK");
    /** Hop-by-hop headers (RFC 9110, 7.6.1), and the framing the front sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "content-length",
            "host");

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClientAgent upstreams;
    private final List<Integer> endpoints = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    private final java.util.Map<Integer, Long> coldRequests = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong firstRequest = new AtomicLong();

    IngressFront(int port) throws IOException {
        // Two event loops: the front stands for a controller on its own node; here it shares the lab's two cores.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        this.upstreams = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setTcpNoDelay(true)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout((int) UPSTREAM_KEEPALIVE.toSeconds())
                        .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()))
                // nginx caps idle kept connections, not open ones: the pool stays out of the way.
                .with(new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1))
                // A replica that dies resets its connections: the request's own failure handles it, no log line.
                .withConnectHandler(connection -> connection.exceptionHandler(e -> {}))
                .build();
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost("127.0.0.1")
                            .setPort(port)
                            .setTcpNoDelay(true)
                            .setIdleTimeout(75)
                            .setIdleTimeoutUnit(TimeUnit.SECONDS))
                    .connectionHandler(connection -> connection.exceptionHandler(e -> {}))
                    .requestHandler(this::handle)
                    .listen()
                    .await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IOException("the ingress front could not listen on port " + port, e);
        }
    }

    @Override
    public void add(int backendPort) {
        if (!endpoints.contains(backendPort)) {
            endpoints.add(backendPort);
        }
    }

    /** The endpoint gets no new request; requests already sent to it finish there. */
    @Override
    public void remove(int backendPort) {
        endpoints.remove(Integer.valueOf(backendPort));
    }

    @Override
    public boolean contains(int backendPort) {
        return endpoints.contains(backendPort);
    }

    @Override
    public boolean isEmpty() {
        return endpoints.isEmpty();
    }

    @Override
    public int port() {
        return server.actualPort();
    }

    @Override
    public long retries() {
        return retries.get();
    }

    @Override
    public java.util.Optional<Long> coldRequestMs(int backendPort) {
        return java.util.Optional.ofNullable(coldRequests.get(backendPort));
    }

    @Override
    public long firstRequestEpochMs() {
        return firstRequest.get();
    }

    private void handle(HttpServerRequest request) {
        long arrived = System.nanoTime();
        firstRequest.compareAndSet(0, System.currentTimeMillis());
        request.body()
                .onSuccess(body -> attempt(request, body, new CopyOnWriteArrayList<>(), arrived))
                .onFailure(e -> request.connection().close());
    }

    /** One try on the next endpoint in rotation that this request has not tried. */
    private void attempt(HttpServerRequest request, Buffer body, List<Integer> tried, long arrived) {
        List<Integer> ready = List.copyOf(endpoints);
        if (ready.isEmpty() && tried.isEmpty()) {
            answer(request, 503, "no ready endpoint");
            return;
        }
        Integer upstream = pick(ready, tried);
        if (upstream == null) {
            answer(request, 502, "no endpoint left to try");
            return;
        }
        tried.add(upstream);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        headers.add("X-Forwarded-For", request.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", "http");
        RequestOptions options = new RequestOptions()
                .setHost("127.0.0.1")
                .setPort(upstream)
                .setMethod(request.method())
                .setURI(request.uri())
                .setHeaders(headers)
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis())
                .setIdleTimeout(READ_TIMEOUT.toMillis());
        upstreams
                .request(options)
                // Not connected: nothing of the request went out, any method may go to the next endpoint.
                .onFailure(e -> next(request, body, tried, e, false, arrived))
                .onSuccess(out -> out.send(body)
                        .onFailure(e -> next(request, body, tried, e, true, arrived))
                        .onSuccess(response -> relay(request, response, upstream, arrived)));
    }

    /** Round robin over the ready endpoints, skipping those this request tried. */
    private Integer pick(List<Integer> ready, List<Integer> tried) {
        for (int i = 0; i < ready.size(); i++) {
            Integer candidate = ready.get(Math.floorMod(next.getAndIncrement(), ready.size()));
            if (!tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private void next(
            HttpServerRequest request,
            Buffer body,
            List<Integer> tried,
            Throwable failure,
            boolean sent,
            long arrived) {
        boolean timeout = failure instanceof TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout");
        boolean mayRetry = tried.size() < NEXT_UPSTREAM_TRIES && !(sent && !idempotent(request.method()));
        if (mayRetry && endpoints.stream().anyMatch(e -> !tried.contains(e))) {
            retries.incrementAndGet();
            attempt(request, body, tried, arrived);
        } else {
            // nginx's own page names no cause: the client learns nothing of the upstream's internals.
            answer(request, timeout ? 504 : 502, timeout ? "504 Gateway Time-out" : "502 Bad Gateway");
        }
    }

    /** The response, read whole (nginx's proxy_buffering), then to the client; cut if the upstream dies meanwhile. */
    private void relay(HttpServerRequest request, HttpClientResponse response, int upstream, long arrived) {
        response.body()
                .onSuccess(body -> {
                    if (response.headers().contains(COLD_START)) {
                        // The endpoint's first request, its own start's cost included: kept for its replica's record.
                        coldRequests.putIfAbsent(upstream, (System.nanoTime() - arrived) / 1_000_000);
                    }
                    var out = request.response();
                    out.setStatusCode(response.statusCode());
                    out.setStatusMessage(response.statusMessage());
                    response.headers().forEach(h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                            out.headers().add(h.getKey(), h.getValue());
                        }
                    });
                    out.end(body);
                })
                .onFailure(e -> request.connection().close());
    }

    private static void answer(HttpServerRequest request, int status, String text) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                .end(text);
    }

    @Override
    public void close() throws IOException {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the ingress front did not close", e);
        }
    }

    /** Whether nginx would pass this method on after its request was sent. */
    static boolean idempotent(HttpMethod method) {
        return !NON_IDEMPOTENT.contains(method.name().toUpperCase(Locale.ROOT));
    }
}
