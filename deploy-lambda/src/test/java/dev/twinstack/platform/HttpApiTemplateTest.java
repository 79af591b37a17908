package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP API of template.yaml in both topologies: {@code lambda} (every route to the function) and {@code hybrid}
 * (README.md's route table: some routes to the function, the rest through a VPC link to the cluster). Every route has
 * the JWT authorizer; every route to the cluster overwrites both identity headers the service reads (app's
 * {@link CallerFilter}, hence this package) from claims HTTP API can map. Reads the files only: runs without packaging.
 */
class HttpApiTemplateTest {

    private static final Path MODULE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent();
    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read(MODULE.resolve("template.yaml"));

    private static final String FUNCTION = "function";
    private static final String CLUSTER = "cluster";

    /**
     * What HTTP API's parameter mapping can read of a JWT authorizer's claims: a top-level claim by a plain name
     * ({@code $context.authorizer.claims.property}); a name with {@code :} such as {@code cognito:groups} is an invalid
     * mapping expression.
     */
    private static final Pattern MAPPABLE_CLAIM = Pattern.compile("\\$context\\.authorizer\\.claims\\.([A-Za-z0-9_]+)");

    /** Headers HTTP API's parameter mapping may not set (AWS, "Transform API requests and responses for HTTP APIs"). */
    private static final List<String> RESERVED_HEADER_PREFIXES = List.of(
            "access-control-",
            "apigw-",
            "authorization",
            "connection",
            "content-encoding",
            "content-length",
            "content-location",
            "forwarded",
            "keep-alive",
            "origin",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailers",
            "transfer-encoding",
            "upgrade",
            "x-amz-",
            "x-amzn-",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto",
            "via");

    /** A row of README.md's route table: {@code | `ANY /api/users` | function | why |}. */
    private static final Pattern ROUTE_ROW = Pattern.compile("^\\|\\s*`([A-Z]+ /[^`]*)`\\s*\\|\\s*(\\w+)");

    @ParameterizedTest
    @ValueSource(strings = {"lambda", "hybrid"})
    void everyRouteNeedsATokenTheJwtAuthorizerVerified(String topology) {
        Map<String, Object> authorizer = TEMPLATE.properties("JwtAuthorizer");
        Map<String, Object> jwt = map(authorizer.get("JwtConfiguration"));
        List<String> routes = TEMPLATE.resourcesOfType("AWS::ApiGatewayV2::Route");

        assertFalse(routes.isEmpty());
        assertEquals(List.of("JwtAuthorizer"), TEMPLATE.resourcesOfType("AWS::ApiGatewayV2::Authorizer"));
        assertEquals("JWT", authorizer.get("AuthorizerType"));
        assertEquals(List.of("$request.header.Authorization"), authorizer.get("IdentitySource"));
        assertEquals(Map.of("Ref", "JwtIssuer"), jwt.get("Issuer"));
        assertEquals(Map.of("Ref", "JwtAudience"), jwt.get("Audience"));
        assertNull(map(TEMPLATE.parameters().get("JwtIssuer")).get("Default"), "no issuer is guessed");
        assertEquals(
                "CommaDelimitedList",
                map(TEMPLATE.parameters().get("JwtAudience")).get("Type"));
        assertAll(routes.stream().map(route -> () -> {
            Map<String, Object> properties = TEMPLATE.properties(route);
            assertEquals("JWT", properties.get("AuthorizationType"), route);
            assertEquals(Map.of("Ref", "JwtAuthorizer"), properties.get("AuthorizerId"), route);
            assertTrue(exists(route, topology), route + " is deployed in topology " + topology);
        }));
        assertEquals(
                List.of(),
                TEMPLATE.resourcesOfType("AWS::Serverless::HttpApi"),
                "the API's routes are its own resources: none that SAM generates without the authorizer");
        assertNull(TEMPLATE.properties("Function").get("Events"), "no SAM event adds a route of its own");
    }

    /** The function reads the caller from the event, never from a header a client could send. */
    @Test
    void functionReadsTheCallerFromTheAuthorizersClaims() {
        Map<String, Object> environment =
                map(map(TEMPLATE.properties("Function").get("Environment")).get("Variables"));

        assertEquals("gateway", environment.get("TWINSTACK_AUTH_MODE"));
        assertNull(environment.get("TWINSTACK_AUTH_TRUST_IDENTITY_HEADERS"), "no header is mapped on Lambda");
    }

    @Test
    void readmesRouteTableIsTheHybridTemplatesRoutes() throws IOException {
        Map<String, String> documented = routeTable(Files.readString(MODULE.resolve("README.md")));

        assertFalse(documented.isEmpty(), "README.md has the route table");
        assertEquals(documented, routes("hybrid"));
        assertTrue(documented.containsValue(FUNCTION) && documented.containsValue(CLUSTER), documented::toString);
    }

    @Test
    void lambdaTopologySendsEveryRouteToTheFunction() {
        Map<String, String> routes = routes("lambda");

        assertEquals(routes("hybrid").keySet(), routes.keySet(), "the same routes in both topologies");
        assertEquals(Set.of(FUNCTION), Set.copyOf(routes.values()));
        assertEquals("lambda", TEMPLATE.parameter("Topology").orElseThrow(), "the default");
    }

    /** Only the API is public: /q/* (metrics, OpenAPI, health) has no route. */
    @Test
    void routesOnlyTheApi() {
        assertAll(routes("hybrid").keySet().stream()
                .map(route -> () -> assertTrue(route.matches("ANY /api(/.*)?"), route)));
    }

    /**
     * The cluster trusts the identity headers (gateway mode behind the VPC link): every route to it must overwrite both,
     * from claims HTTP API can map, whatever a client sent in them.
     */
    @Test
    void everyRouteToTheClusterOverwritesBothIdentityHeaders() {
        Map<String, String> expected = Map.of(
                "overwrite:header." + CallerFilter.SUBJECT_HEADER.toLowerCase(Locale.ROOT),
                "$context.authorizer.claims.sub",
                "overwrite:header." + CallerFilter.SCOPE_HEADER.toLowerCase(Locale.ROOT),
                "$context.authorizer.claims.scope");
        List<String> toCluster = new ArrayList<>();
        for (String route : TEMPLATE.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            String integration = integrationOf(route, "hybrid");
            if (kind(integration).equals(CLUSTER)) {
                toCluster.add(route);
            }
        }

        assertFalse(toCluster.isEmpty(), "the hybrid topology sends routes to the cluster");
        assertAll(toCluster.stream().map(route -> () -> {
            Map<String, Object> parameters =
                    map(TEMPLATE.properties(integrationOf(route, "hybrid")).get("RequestParameters"));
            expected.forEach((key, value) -> assertEquals(value, parameters.get(key), route + " " + key));
            parameters.forEach((key, value) -> {
                String header = key.substring(key.indexOf(':') + 1).replaceFirst("^header\\.", "");
                Matcher claim = MAPPABLE_CLAIM.matcher(String.valueOf(value));
                if (String.valueOf(value).startsWith("$context.authorizer")) {
                    assertTrue(claim.matches(), key + ": HTTP API cannot map " + value);
                }
                if (key.contains(":header.")) {
                    assertTrue(
                            RESERVED_HEADER_PREFIXES.stream().noneMatch(header::startsWith),
                            key + " is a reserved header");
                    assertFalse(
                            key.startsWith("append:")
                                    && expected.keySet().stream().anyMatch(k -> k.endsWith("." + header)),
                            key + ": appending keeps what a client sent");
                }
            });
        }));
    }

    @Test
    void clusterIsReachedThroughAVpcLinkToTheGivenListenerInHybridOnly() {
        Map<String, Object> link = TEMPLATE.properties("ClusterVpcLink");
        Map<String, Object> integration = TEMPLATE.properties("ClusterIntegration");

        assertEquals("IsHybrid", resource("ClusterVpcLink").get("Condition"));
        assertEquals("IsHybrid", resource("ClusterIntegration").get("Condition"));
        assertEquals(
                "IsHybrid",
                map(map(TEMPLATE.document().get("Outputs")).get("VpcLinkId")).get("Condition"));
        assertEquals(Map.of("Ref", "VpcLinkSubnetIds"), link.get("SubnetIds"));
        assertEquals(List.of(Map.of("Ref", "VpcLinkSecurityGroupId")), link.get("SecurityGroupIds"));
        assertEquals("HTTP_PROXY", integration.get("IntegrationType"));
        assertEquals("VPC_LINK", integration.get("ConnectionType"));
        assertEquals(Map.of("Ref", "ClusterVpcLink"), integration.get("ConnectionId"));
        assertEquals(Map.of("Ref", "ClusterListenerArn"), integration.get("IntegrationUri"));
        assertTrue(conditionHolds("IsHybrid", "hybrid"));
        assertFalse(conditionHolds("IsHybrid", "lambda"));
    }

    /** A hybrid stack without its cluster is refused by CloudFormation's rules before anything is created. */
    @Test
    void hybridTopologyRequiresTheClustersParameters() {
        Map<String, Object> rules = map(TEMPLATE.document().get("Rules"));
        List<Object> hybrid = rules.values().stream()
                .map(HttpApiTemplateTest::map)
                .filter(rule -> Map.of("Fn::Equals", List.of(Map.of("Ref", "Topology"), "hybrid"))
                        .equals(rule.get("RuleCondition")))
                .flatMap(rule -> list(rule.get("Assertions")).stream())
                .map(assertion -> map(assertion).get("Assert"))
                .toList();

        assertEquals(
                Set.of("ClusterListenerArn", "VpcLinkSubnetIds", "VpcLinkSecurityGroupId"),
                refs(hybrid),
                "every parameter the VPC link and the private integration take");
        assertAll(Set.of("ClusterListenerArn", "VpcLinkSubnetIds", "VpcLinkSecurityGroupId").stream()
                .map(name -> () -> assertEquals(
                        "", TEMPLATE.parameter(name).orElseThrow(), name + " is optional for the lambda topology")));
    }

    @Test
    void functionIsInvokedThroughItsAliasWithPayloadFormat2ByThisApiOnly() {
        Map<String, Object> integration = TEMPLATE.properties("FunctionIntegration");
        Map<String, Object> permission = TEMPLATE.properties("FunctionInvokePermission");

        assertEquals("AWS_PROXY", integration.get("IntegrationType"));
        assertEquals("2.0", integration.get("PayloadFormatVersion"));
        assertEquals(Map.of("Ref", "Function.Alias"), integration.get("IntegrationUri"), "the SnapStart alias");
        assertEquals(Map.of("Ref", "Function.Alias"), permission.get("FunctionName"));
        assertEquals("apigateway.amazonaws.com", permission.get("Principal"));
        assertTrue(String.valueOf(permission.get("SourceArn")).contains(":${HttpApi}/"), "this API only");
        assertEquals("HTTP", TEMPLATE.properties("HttpApi").get("ProtocolType"));
    }

    @Test
    void apiIsThrottledAndLogsEachRequestWithoutItsQueryString() {
        Map<String, Object> stage = TEMPLATE.properties("HttpApiApiGatewayDefaultStage");
        Map<String, Object> routes = map(stage.get("DefaultRouteSettings"));
        Map<String, Object> accessLog = map(stage.get("AccessLogSettings"));
        String format = String.valueOf(accessLog.get("Format"));

        assertEquals("$default", stage.get("StageName"));
        assertEquals(true, stage.get("AutoDeploy"));
        assertEquals(Map.of("Ref", "ThrottlingRateLimit"), routes.get("ThrottlingRateLimit"));
        assertEquals(Map.of("Ref", "ThrottlingBurstLimit"), routes.get("ThrottlingBurstLimit"));
        assertEquals(Map.of("Fn::GetAtt", "AccessLogGroup.Arn"), accessLog.get("DestinationArn"));
        assertTrue(format.contains("$context.routeKey") && format.contains("$context.status"), format);
        assertFalse(format.contains("$context.path") || format.contains("queryString"), "no query string: " + format);
    }

    /** Route key to {@code function} or {@code cluster}, as the API is deployed in a topology. */
    static Map<String, String> routes(String topology) {
        Map<String, String> routes = new TreeMap<>();
        for (String route : TEMPLATE.resourcesOfType("AWS::ApiGatewayV2::Route")) {
            if (exists(route, topology)) {
                String integration = integrationOf(route, topology);
                assertTrue(
                        exists(integration, topology), route + " targets " + integration + ", absent in " + topology);
                routes.put((String) TEMPLATE.properties(route).get("RouteKey"), kind(integration));
            }
        }
        return routes;
    }

    /** The rows of README.md's route table (the table whose header starts with {@code | route | integration}). */
    static Map<String, String> routeTable(String readme) {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : readme.split("\n")) {
            if (line.matches("\\|\\s*route\\s*\\|\\s*integration\\s*\\|.*")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            Matcher row = ROUTE_ROW.matcher(line);
            if (inTable && row.find()) {
                rows.put(row.group(1), row.group(2));
            }
        }
        return new TreeMap<>(rows);
    }

    /** The logical ID of the integration a route targets ({@code integrations/${Id}}), in a topology. */
    private static String integrationOf(String route, String topology) {
        Object target = evaluate(TEMPLATE.properties(route).get("Target"), topology);
        Matcher id = Pattern.compile("^integrations/\\$\\{(\\w+)}$")
                .matcher(String.valueOf(map(target).get("Fn::Sub")));
        assertTrue(id.matches(), route + " targets " + target);
        return id.group(1);
    }

    private static String kind(String integration) {
        Map<String, Object> properties = TEMPLATE.properties(integration);
        if ("VPC_LINK".equals(properties.get("ConnectionType"))) {
            return CLUSTER;
        }
        assertEquals("AWS_PROXY", properties.get("IntegrationType"), integration);
        assertEquals(Map.of("Ref", "Function.Alias"), properties.get("IntegrationUri"), integration);
        return FUNCTION;
    }

    private static boolean exists(String resource, String topology) {
        Object condition = resource(resource).get("Condition");
        return condition == null || conditionHolds((String) condition, topology);
    }

    /** A node with {@code Fn::If} resolved as in a deployment with this topology (the other parameters' defaults). */
    private static Object evaluate(Object node, String topology) {
        if (node instanceof Map<?, ?> function && function.containsKey("Fn::If")) {
            List<?> branches = list(function.get("Fn::If")).stream().toList();
            return evaluate(
                    conditionHolds((String) branches.get(0), topology) ? branches.get(1) : branches.get(2), topology);
        }
        return node;
    }

    private static boolean conditionHolds(String name, String topology) {
        return holds(map(TEMPLATE.document().get("Conditions")).get(name), topology);
    }

    private static boolean holds(Object condition, String topology) {
        Map<String, Object> function = map(condition);
        CloudFormationTemplate deployed = TEMPLATE.withParameters(Map.of("Topology", topology));
        if (function.containsKey("Fn::Equals")) {
            List<?> sides = list(function.get("Fn::Equals")).stream().toList();
            return deployed.resolve(sides.get(0)).equals(deployed.resolve(sides.get(1)));
        }
        if (function.containsKey("Fn::Not")) {
            return !holds(list(function.get("Fn::Not")).iterator().next(), topology);
        }
        if (function.containsKey("Condition")) {
            return conditionHolds((String) function.get("Condition"), topology);
        }
        throw new AssertionError("a condition this test cannot evaluate: " + condition);
    }

    private static Map<String, Object> resource(String logicalId) {
        return map(TEMPLATE.resources().get(logicalId));
    }

    private static Set<String> refs(Object node) {
        Set<String> refs = new TreeSet<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((key, value) -> {
                if ("Ref".equals(key)) {
                    refs.add(String.valueOf(value));
                } else {
                    refs.addAll(refs(value));
                }
            });
        } else if (node instanceof Collection<?> c) {
            c.forEach(value -> refs.addAll(refs(value)));
        }
        return refs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Collection<?> list(Object value) {
        return value == null ? List.of() : (Collection<?>) value;
    }
}
