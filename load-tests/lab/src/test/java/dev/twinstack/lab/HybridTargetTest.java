package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.lambdalocal.HttpApiGateway;
import dev.twinstack.lambdalocal.HttpApiRoutes;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Gateway;
import dev.twinstack.results.Invocation;
import dev.twinstack.results.InvocationOutcome;
import dev.twinstack.results.Restore;
import dev.twinstack.toolkit.CloudFormationTemplate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the hybrid target takes from the deploy files, and what its gateway's records become in results.json. */
class HybridTargetTest {

    private static final Path TEMPLATE = Path.of("../../deploy-lambda/template.yaml");
    private static final Path HYBRID_OVERLAY = Path.of("../../deploy-k8s/kustomize/overlays/hybrid");

    @Test
    void runsTheClusterWithTheHybridOverlaysGatewayAuth() throws Exception {
        var settings = LabAuth.overlayAuth(HYBRID_OVERLAY);

        assertEquals(
                Map.of("TWINSTACK_AUTH_MODE", "gateway", "TWINSTACK_AUTH_TRUST_IDENTITY_HEADERS", "true"), settings);
    }

    @Test
    void letsEveryClusterRouteSpillOntoTheFunction() {
        var routes =
                HttpApiRoutes.of(CloudFormationTemplate.read(TEMPLATE).withParameters(Map.of("Topology", "hybrid")));

        var rule = HybridTarget.spilloverRule(routes);

        assertEquals("FunctionIntegration", rule.toIntegration());
        assertEquals(Set.of("ANY /api/{proxy+}"), rule.routeKeys());
    }

    @Test
    void countsEachRouteBySideAndTheSpilledRequestsApart() {
        List<HttpApiGateway.Request> requests = List.of(
                request("ANY /api/users", HttpApiRoutes.Kind.FUNCTION, 200, false, 0, 20),
                request("ANY /api/{proxy+}", HttpApiRoutes.Kind.HTTP, 201, false, 0, 10),
                request("ANY /api/{proxy+}", HttpApiRoutes.Kind.HTTP, 503, false, 0, 4),
                request("ANY /api/{proxy+}", HttpApiRoutes.Kind.FUNCTION, 200, true, 5, 300),
                request("ANY /api/{proxy+}", null, 401, false, 0, 1));
        List<ConnectionSample> lambda =
                List.of(new ConnectionSample(0, 1, 1, 0, 0), new ConnectionSample(1, 2, 1, 1, 0));

        Gateway gateway = HybridTarget.figures(
                requests,
                List.of(),
                true,
                "twinstack-hybrid-lambda",
                lambda,
                "twinstack-k8s",
                List.of(),
                5,
                "hybrid/edge.jsonl");

        assertEquals(
                List.of(
                        "ANY /api/users lambda 1 0",
                        "ANY /api/{proxy+} gateway 1 0",
                        "ANY /api/{proxy+} k8s 2 1",
                        "ANY /api/{proxy+} lambda 1 0"),
                gateway.routes().stream()
                        .map(r -> r.route() + " " + r.side() + " " + r.requests() + " " + r.errors())
                        .toList());
        assertEquals(1, gateway.spilled());
        assertEquals(300.0, gateway.spilledLatencyMs().p99());
        assertEquals(5.0, gateway.spilledFirstTryMs().p50());
        assertEquals(2, gateway.sides().get(0).requests());
        assertEquals(2, gateway.sides().get(0).peakConnections().orElseThrow());
        assertEquals(2, gateway.sides().get(1).requests());
    }

    @Test
    void countsColdStartsAndThrottlesPerRouteByTheOneClassification() {
        List<HttpApiGateway.Request> requests = List.of(
                function("ANY /api/users", 200, "restored"),
                function("ANY /api/users", 200, "warm"),
                function("ANY /api/users", 500, "throttled"),
                function("ANY /api/users", 500, "failed"),
                replica(200, true),
                replica(200, false),
                replica(429, false),
                replica(503, false));
        List<Invocation> invocations = List.of(
                invocation("restored", true, 200, InvocationOutcome.SUCCESS),
                invocation("warm", false, 200, InvocationOutcome.SUCCESS),
                invocation("throttled", false, 500, InvocationOutcome.THROTTLED),
                invocation("failed", false, 500, InvocationOutcome.FUNCTION_ERROR));

        Gateway gateway = HybridTarget.figures(
                requests, invocations, false, "l", List.of(), "k", List.of(), 0, "hybrid/edge.jsonl");

        // Lambda: one restore of four; one throttle (the function error's 500 alike at the gateway is not one).
        // Kubernetes: one replica's first answer; the 429 is a throttle, the admission's 503 saturation.
        assertEquals(
                List.of("ANY /api/users lambda 4 cold 1 throttles 1", "ANY /api/{proxy+} k8s 4 cold 1 throttles 1"),
                gateway.routes().stream()
                        .map(r -> r.route() + " " + r.side() + " " + r.requests() + " cold " + r.cold() + " throttles "
                                + r.throttles())
                        .toList());
    }

    private static HttpApiGateway.Request function(String route, int status, String requestId) {
        return new HttpApiGateway.Request(
                0,
                "GET",
                route,
                "FunctionIntegration",
                HttpApiRoutes.Kind.FUNCTION,
                status,
                false,
                0,
                10,
                "4bf92f3577b34da6a3ce929d0e0e4736",
                requestId,
                // The function's own mark is not what counts on this side: its invocation record is.
                !requestId.equals("restored"));
    }

    private static HttpApiGateway.Request replica(int status, boolean cold) {
        return new HttpApiGateway.Request(
                0,
                "GET",
                "ANY /api/{proxy+}",
                "ClusterIntegration",
                HttpApiRoutes.Kind.HTTP,
                status,
                false,
                0,
                10,
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "",
                cold);
    }

    private static Invocation invocation(String requestId, boolean restored, int status, InvocationOutcome outcome) {
        return new Invocation(
                Instant.EPOCH,
                requestId,
                Optional.of("env-1"),
                restored,
                0,
                restored ? Optional.of(new Restore(180, 200, 0)) : Optional.empty(),
                10,
                12,
                1,
                status,
                outcome,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static HttpApiGateway.Request request(
            String route, HttpApiRoutes.Kind kind, int status, boolean spilled, double firstTryMs, double latencyMs) {
        return new HttpApiGateway.Request(
                0,
                "GET",
                route,
                kind == null ? "" : kind.name(),
                kind,
                status,
                spilled,
                firstTryMs,
                latencyMs,
                "4bf92f3577b34da6a3ce929d0e0e4736",
                kind == HttpApiRoutes.Kind.FUNCTION ? "req-" + latencyMs : "",
                false);
    }
}
