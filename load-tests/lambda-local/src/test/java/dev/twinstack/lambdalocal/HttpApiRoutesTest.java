package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's route table is the deployed template's, read for its topology, and matches as HTTP API does. */
class HttpApiRoutesTest {

    private static final Path DEPLOYED = Path.of("../../deploy-lambda/template.yaml");
    private static final HttpApiRoutes HYBRID =
            HttpApiRoutes.of(CloudFormationTemplate.read(DEPLOYED).withParameters(Map.of("Topology", "hybrid")));

    @Test
    void readsTheHybridRoutesAndTheirIntegrationsFromTheTemplate() {
        var routes = HYBRID.routes().stream()
                .map(r -> r.key() + " -> " + r.integration().id() + " "
                        + r.integration().kind())
                .toList();

        assertEquals(
                List.of(
                        "ANY /api/users -> FunctionIntegration FUNCTION",
                        "ANY /api/users/{proxy+} -> FunctionIntegration FUNCTION",
                        "ANY /api/{proxy+} -> ClusterIntegration HTTP"),
                routes);
        assertTrue(HYBRID.routes().stream().allMatch(HttpApiRoutes.Route::jwt), "every route has the JWT authorizer");
    }

    @Test
    void readsTheClustersParameterMappingFromTheTemplate() {
        var cluster = HYBRID.routes().get(2).integration();

        assertEquals(
                "$context.authorizer.claims.sub",
                cluster.requestParameters().get("overwrite:header.x-twinstack-subject"));
        assertEquals(
                "$context.authorizer.claims.scope",
                cluster.requestParameters().get("overwrite:header.x-twinstack-scope"));
    }

    @Test
    void sendsEveryRouteToTheFunctionInTheLambdaTopology() {
        var lambda = HttpApiRoutes.of(CloudFormationTemplate.read(DEPLOYED));

        assertTrue(lambda.routes().stream().allMatch(r -> r.integration().kind() == HttpApiRoutes.Kind.FUNCTION));
    }

    @Test
    void takesTheMostSpecificRoute() {
        assertEquals("ANY /api/users", key("GET", "/api/users"));
        assertEquals("ANY /api/users/{proxy+}", key("DELETE", "/api/users/7"));
        assertEquals("ANY /api/{proxy+}", key("POST", "/api/orders"));
        assertEquals("ANY /api/{proxy+}", key("GET", "/api/orders/12/items"));
        assertEquals("ANY /api/{proxy+}", key("GET", "/api/usersx"));
    }

    @Test
    void bindsTheGreedyVariableToTheRestOfThePath() {
        var match = HYBRID.match("GET", "/api/orders/12/items").orElseThrow();

        assertEquals(Map.of("proxy", "orders/12/items"), match.pathParameters());
    }

    @Test
    void matchesNoRouteOutsideApi() {
        assertTrue(HYBRID.match("GET", "/q/health").isEmpty());
        assertTrue(HYBRID.match("GET", "/api").isEmpty());
    }

    @Test
    void prefersAMethodOverAnyAndALiteralOverAVariable() {
        var function = new HttpApiRoutes.Integration("F", HttpApiRoutes.Kind.FUNCTION, Map.of());
        var routes = new HttpApiRoutes(List.of(
                new HttpApiRoutes.Route("ANY /items/{id}", function, false),
                new HttpApiRoutes.Route("GET /items/{id}", function, false),
                new HttpApiRoutes.Route("GET /items/latest", function, false),
                new HttpApiRoutes.Route("$default", function, false)));

        assertEquals(
                "GET /items/{id}",
                routes.match("GET", "/items/3").orElseThrow().route().key());
        assertEquals(
                "ANY /items/{id}",
                routes.match("PUT", "/items/3").orElseThrow().route().key());
        assertEquals(
                "GET /items/latest",
                routes.match("GET", "/items/latest").orElseThrow().route().key());
        assertEquals(
                "$default", routes.match("GET", "/other").orElseThrow().route().key());
    }

    @Test
    void refusesARouteToAnIntegrationTheConditionsLeaveOut() {
        String template = """
                Parameters:
                  Topology: {Type: String, Default: lambda, AllowedValues: [lambda, hybrid]}
                Conditions:
                  IsHybrid: !Equals [!Ref Topology, hybrid]
                Resources:
                  Cluster:
                    Type: AWS::ApiGatewayV2::Integration
                    Condition: IsHybrid
                    Properties: {IntegrationType: HTTP_PROXY}
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties:
                      RouteKey: ANY /api/{proxy+}
                      Target: !Sub "integrations/${Cluster}"
                """;

        assertThrows(IllegalArgumentException.class, () -> HttpApiRoutes.of(CloudFormationTemplate.parse(template)));
    }

    private static String key(String method, String path) {
        return HYBRID.match(method, path).orElseThrow().route().key();
    }
}
