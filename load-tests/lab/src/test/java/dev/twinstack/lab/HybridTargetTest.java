package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.lambdalocal.HttpApiGateway;
import dev.twinstack.lambdalocal.HttpApiRoutes;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Gateway;
import dev.twinstack.toolkit.CloudFormationTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
                requests, true, "twinstack-hybrid-lambda", lambda, "twinstack-k8s", List.of(), 5, "hybrid/edge.jsonl");

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
                "4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
