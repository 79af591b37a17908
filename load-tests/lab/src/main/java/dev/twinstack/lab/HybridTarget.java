package dev.twinstack.lab;

import dev.twinstack.analysis.ConnectionBudget;
import dev.twinstack.lambdalocal.EdgeSpan;
import dev.twinstack.lambdalocal.HttpApiGateway;
import dev.twinstack.lambdalocal.HttpApiRoutes;
import dev.twinstack.lambdalocal.OtlpReceiver;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.GatewayRoute;
import dev.twinstack.results.GatewaySide;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Trace;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hybrid pattern, both sides at once on one database: the lab's gateway ({@link HttpApiGateway}, the template's
 * route table for {@code Topology=hybrid}) sends the users' routes to the function under the local Lambda service
 * (SnapStart, through the RDS Proxy stand-in) and every other {@code /api} route to the Kubernetes replicas' ingress
 * front, which run with the hybrid overlay's auth (gateway mode, identity headers trusted). The gateway verifies the
 * load generator's tokens, hands their claims on (in the event, in the mapped headers) and starts each trace.
 * Optionally (lab-only, {@code lab.spillover}) it tries a request on Lambda that the Kubernetes side answered 503 with
 * {@code Retry-After}.
 */
final class HybridTarget implements Target {

    static final String NAME = "hybrid";
    static final String LAMBDA_SIDE = "lambda";
    static final String K8S_SIDE = "k8s";
    static final String GATEWAY_SIDE = "gateway";
    static final String EDGE_SPANS = "edge-spans.jsonl";
    /** The template's integration timeout (TimeoutInMillis), as HTTP API allows at most. */
    private static final Duration INTEGRATION_TIMEOUT = Duration.ofMillis(29_000);

    private static final long POLL_MILLIS = 20;
    /** The server build's batch exporter sends every 5 s (quarkus.otel.bsp.schedule.delay): twice that and more. */
    private static final Duration TRACE_WAIT = Duration.ofSeconds(15);

    private final LambdaTarget lambda;
    private final ServerReplicas cluster;
    private final HttpApiRoutes routes;
    private final Auth auth;
    private final boolean spillover;
    private final double samplingRatio;
    private final LabDatabase db;
    private final long sampleIntervalMs;
    private final Path dir;
    private final OtlpReceiver receiver;
    private HttpApiGateway gateway;
    private ActivitySampler lambdaConnections;
    private ActivitySampler clusterConnections;

    HybridTarget(
            LambdaTarget lambda,
            ServerReplicas cluster,
            HttpApiRoutes routes,
            Auth auth,
            boolean spillover,
            double samplingRatio,
            LabDatabase db,
            Duration sampleInterval,
            Path dir,
            OtlpReceiver receiver) {
        this.lambda = lambda;
        this.cluster = cluster;
        this.routes = routes;
        this.auth = auth;
        this.spillover = spillover;
        this.samplingRatio = samplingRatio;
        this.db = db;
        this.sampleIntervalMs = sampleInterval.toMillis();
        this.dir = dir;
        this.receiver = receiver;
    }

    /**
     * Both sides' telemetry, on, exporting OTLP/HTTP to the lab's receiver: the service's parent-based sampler follows
     * the edge's decision, so a request is traced on every hop or on none.
     */
    static Map<String, String> telemetry(URI receiver) {
        return Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.toString(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
    }

    /**
     * One example trace per route: the gateway's sampled edge spans with the spans both sides exported. The replicas
     * export in batches, so the traces are awaited whole (bounded) before the examples are taken.
     */
    @Override
    public List<Trace> traces() throws InterruptedException {
        gateway.spans().stream()
                .filter(EdgeSpan::sampled)
                .forEach(span -> receiver.accept(span.received(GATEWAY_SIDE)));
        long deadline = System.nanoTime() + TRACE_WAIT.toNanos();
        List<Trace> examples = receiver.examples(GATEWAY_SIDE);
        while (!examples.stream().allMatch(Trace::whole) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS * 10);
            examples = receiver.examples(GATEWAY_SIDE);
        }
        return examples;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        String table = routes.routes().stream()
                .map(r -> r.key() + " → " + side(r.integration().kind()))
                .collect(Collectors.joining(", "));
        return "the lab's gateway with the template's hybrid route table (" + table + "), JWT at the edge, traceparent"
                + " created there" + (spillover ? ", lab-only spillover onto Lambda on 503 with Retry-After" : "")
                + "; Lambda side: " + lambda.description() + "; Kubernetes side: " + cluster.description();
    }

    /** Both sides' connections: the sampler takes either prefix. */
    @Override
    public String applicationName() {
        return cluster.applicationName() + "|" + lambda.applicationName();
    }

    @Override
    public String baseUrl() {
        String endpoint = gateway.endpoint().toString();
        return endpoint.substring(0, endpoint.length() - 1);
    }

    @Override
    public Auth auth() {
        return auth;
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dir);
        lambda.start();
        cluster.start();
        Map<String, URI> upstreams = new LinkedHashMap<>();
        routes.routes().stream()
                .map(HttpApiRoutes.Route::integration)
                .filter(i -> i.kind() == HttpApiRoutes.Kind.HTTP)
                .forEach(i -> upstreams.put(i.id(), URI.create(cluster.baseUrl() + "/")));
        gateway = HttpApiGateway.start(new HttpApiGateway.Config(
                0,
                routes,
                lambda.service(),
                upstreams,
                auth.authorizer().orElse(null),
                samplingRatio,
                spillover ? Optional.of(spilloverRule(routes)) : Optional.empty(),
                INTEGRATION_TIMEOUT,
                dir.resolve(EDGE_SPANS)));
        lambdaConnections = new ActivitySampler(db::adminConnection, lambda.applicationName(), sampleIntervalMs);
        clusterConnections = new ActivitySampler(db::adminConnection, cluster.applicationName(), sampleIntervalMs);
    }

    /** Every route to the cluster may spill onto the table's function integration. */
    static HttpApiGateway.Spillover spilloverRule(HttpApiRoutes routes) {
        String function = routes.routes().stream()
                .map(HttpApiRoutes.Route::integration)
                .filter(i -> i.kind() == HttpApiRoutes.Kind.FUNCTION)
                .map(HttpApiRoutes.Integration::id)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the route table has no function to spill onto"));
        Set<String> fromCluster = routes.routes().stream()
                .filter(r -> r.integration().kind() == HttpApiRoutes.Kind.HTTP)
                .map(HttpApiRoutes.Route::key)
                .collect(Collectors.toSet());
        return new HttpApiGateway.Spillover(function, fromCluster);
    }

    /** Both sides' worst cases added: the proxy's share and the replicas' pools. */
    @Override
    public ConnectionBudget.Bound predictedConnections() {
        ConnectionBudget.Bound proxy = lambda.predictedConnections();
        ConnectionBudget.Bound replicas = cluster.predictedConnections();
        return new ConnectionBudget.Bound(
                NAME,
                proxy.connections() + replicas.connections(),
                proxy.limit(),
                "Lambda side: " + proxy.arithmetic() + "; plus Kubernetes side: " + replicas.arithmetic());
    }

    /**
     * Every answered request has its gateway record once the gateway has sent it; those the function served have their
     * invocation record too.
     */
    @Override
    public boolean awaitRecorded(long answered, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (gateway.requests().size() < answered
                || lambda.service().records().size() < servedBy(HttpApiRoutes.Kind.FUNCTION)) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    private long servedBy(HttpApiRoutes.Kind kind) {
        return gateway.requests().stream().filter(r -> r.servedKind() == kind).count();
    }

    /** The function's failures by its invocation records, the rest as the client saw them. */
    @Override
    public Function<RequestRecord, Optional<ErrorCause>> causes() {
        return lambda.causes();
    }

    @Override
    public List<String> caveats() {
        List<String> caveats = new ArrayList<>(lambda.caveats());
        caveats.addAll(cluster.caveats());
        caveats.add("The hybrid target's gateway is the lab's own HTTP API stand-in on this machine: it routes by the"
                + " template's route table, verifies tokens and maps claims as HTTP API does, but adds none of HTTP"
                + " API's own latency, and its hop to the Kubernetes side is loopback, not a VPC link and an internal"
                + " load balancer.");
        caveats.add(("Telemetry was on for this target, as the hybrid pattern runs it: both sides exported their spans"
                        + " over OTLP/HTTP to the lab's receiver (in place of the collector), and the edge sampled %s"
                        + " of new traces as the services' parent-based sampler would; a sampled request on the Lambda"
                        + " side waited for its spans' export before its environment was frozen, so its latency"
                        + " includes that export.")
                .formatted(samplingRatio));
        if (spillover) {
            caveats.add("Spillover is lab-only: an HTTP API route has one integration and never retries on another, so"
                    + " on AWS this rule needs weighted target groups on an Application Load Balancer or a rule in the"
                    + " client. Here the gateway tried once more on Lambda every request the Kubernetes side answered"
                    + " 503 with Retry-After.");
        }
        return caveats;
    }

    @Override
    public List<Event> events() {
        return cluster.events();
    }

    @Override
    public Extras extras() {
        // The load is over: the sides' connection series end with it, as the target's own does.
        closeSamplers();
        Extras lambdaExtras = lambda.extras();
        Extras clusterExtras = cluster.extras();
        List<HttpApiGateway.Request> requests = gateway.requests();
        return new Extras(
                lambdaExtras.lambda(),
                lambdaExtras.pgbouncer(),
                clusterExtras.replicas(),
                Optional.empty(),
                Optional.of(figures(
                        requests,
                        lambdaExtras.lambda().map(l -> l.invocations()).orElse(List.of()),
                        spillover,
                        lambda.applicationName(),
                        lambdaConnections.samples(),
                        cluster.applicationName(),
                        clusterConnections.samples(),
                        gateway.spans().size(),
                        NAME + "/" + EDGE_SPANS)),
                Optional.empty());
    }

    /** The gateway's records as results.json carries them. */
    static Gateway figures(
            List<HttpApiGateway.Request> requests,
            List<Invocation> invocations,
            boolean spillover,
            String lambdaApplication,
            List<ConnectionSample> lambdaSamples,
            String clusterApplication,
            List<ConnectionSample> clusterSamples,
            long edgeSpans,
            String edgeSpansFile) {
        Map<String, Invocation> byRequestId = new HashMap<>();
        invocations.forEach(i -> byRequestId.put(i.requestId(), i));
        Map<List<String>, List<HttpApiGateway.Request>> byRoute = new LinkedHashMap<>();
        for (HttpApiGateway.Request request : requests) {
            byRoute.computeIfAbsent(List.of(request.routeKey(), side(request.servedKind())), k -> new ArrayList<>())
                    .add(request);
        }
        List<GatewayRoute> routes = byRoute.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(
                        (a, b) -> (a.get(0) + " " + a.get(1)).compareTo(b.get(0) + " " + b.get(1))))
                .map(e -> new GatewayRoute(
                        e.getKey().get(0),
                        e.getKey().get(1),
                        e.getValue().size(),
                        e.getValue().stream().filter(r -> r.status() >= 500).count(),
                        percentiles(e.getValue().stream()
                                .mapToDouble(HttpApiGateway.Request::latencyMs)
                                .toArray()),
                        e.getValue().stream().filter(r -> cold(r, byRequestId)).count(),
                        e.getValue().stream()
                                .filter(r -> cause(r, byRequestId)
                                        .filter(c -> c == ErrorCause.THROTTLE)
                                        .isPresent())
                                .count()))
                .toList();
        List<HttpApiGateway.Request> spilled =
                requests.stream().filter(HttpApiGateway.Request::spilled).toList();
        List<GatewaySide> sides = List.of(
                side(
                        LAMBDA_SIDE,
                        lambdaApplication,
                        requests,
                        HttpApiRoutes.Kind.FUNCTION,
                        spilled.size(),
                        lambdaSamples),
                side(K8S_SIDE, clusterApplication, requests, HttpApiRoutes.Kind.HTTP, spilled.size(), clusterSamples));
        return new Gateway(
                spillover,
                routes,
                sides,
                spilled.size(),
                percentiles(spilled.stream()
                        .mapToDouble(HttpApiGateway.Request::latencyMs)
                        .toArray()),
                percentiles(spilled.stream()
                        .mapToDouble(HttpApiGateway.Request::firstTryMs)
                        .toArray()),
                edgeSpans,
                edgeSpansFile);
    }

    /**
     * Whether a request met a cold start: the function's by its invocation record (a restore or an on-demand init),
     * the replicas' by the service's own mark on a new instance's first answer.
     */
    static boolean cold(HttpApiGateway.Request request, Map<String, Invocation> invocations) {
        if (request.servedKind() == HttpApiRoutes.Kind.FUNCTION) {
            Invocation invocation = invocations.get(request.functionRequestId());
            return invocation != null && invocation.cold();
        }
        return request.cold();
    }

    /**
     * Why a request failed, by the one classification: the function's by its invocation record (the API answers a
     * throttle and a function error alike), everything else by the status the client got.
     */
    static Optional<ErrorCause> cause(HttpApiGateway.Request request, Map<String, Invocation> invocations) {
        Invocation invocation = request.servedKind() == HttpApiRoutes.Kind.FUNCTION
                ? invocations.get(request.functionRequestId())
                : null;
        return invocation == null
                ? ErrorCause.ofStatus(request.status())
                : ErrorCause.ofInvocation(invocation.outcome(), request.status());
    }

    private static GatewaySide side(
            String side,
            String application,
            List<HttpApiGateway.Request> requests,
            HttpApiRoutes.Kind kind,
            long spilled,
            List<ConnectionSample> samples) {
        return new GatewaySide(
                side,
                application,
                requests.stream().filter(r -> r.servedKind() == kind).count(),
                spilled,
                samples.stream().map(ConnectionSample::total).max(Integer::compare),
                samples);
    }

    static String side(HttpApiRoutes.Kind kind) {
        if (kind == null) {
            return GATEWAY_SIDE;
        }
        return kind == HttpApiRoutes.Kind.FUNCTION ? LAMBDA_SIDE : K8S_SIDE;
    }

    /** Percentiles of latencies in ms, as the request statistics give them (HdrHistogram, whole ms). */
    static Percentiles percentiles(double[] values) {
        var histogram = new org.HdrHistogram.Histogram(RequestStats.HIGHEST_MS, 3);
        for (double value : values) {
            histogram.recordValue(Math.min(RequestStats.HIGHEST_MS, Math.round(value)));
        }
        return RequestStats.percentiles(histogram);
    }

    @Override
    public void close() {
        closeSamplers();
        if (gateway != null) {
            gateway.close();
        }
        cluster.close();
        lambda.close();
    }

    private void closeSamplers() {
        for (ActivitySampler sampler : new ActivitySampler[] {lambdaConnections, clusterConnections}) {
            if (sampler != null) {
                try {
                    sampler.close();
                } catch (java.sql.SQLException ignored) {
                    // Its samples are taken; a sampling connection that fails to close holds nothing of the run.
                }
            }
        }
    }
}
