package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deploy's AWS side: {@code deploy-role.yaml} (GitHub OIDC, the workflow's role, CloudFormation's role) grants the
 * least it can, and {@code migrate.yaml} (the migration function inside the VPC) connects as the service does and is
 * the function the workflow's role may invoke.
 */
class DeployRoleTest {

    private static final Path MODULE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent();

    /** Actions AWS offers no resource-level permissions for: the only ones allowed on "*". */
    private static final Set<String> NO_RESOURCE_LEVEL = Set.of(
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
            "logs:DescribeLogGroups",
            // The HTTP API's access-log delivery, which API Gateway sets up as the caller: AWS documents these
            // actions without resource-level permissions.
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies");

    /** What CloudFormation does to an API Gateway resource: read, create, update, delete. */
    private static final List<String> API_GATEWAY_WRITES =
            List.of("apigateway:GET", "apigateway:POST", "apigateway:PATCH", "apigateway:DELETE");

    /** The API Gateway paths each resource type of the service template is created and managed under. */
    private static final Map<String, List<String>> API_GATEWAY_PATHS = Map.of(
            "AWS::ApiGatewayV2::Api", List.of("/apis", "/apis/*"),
            "AWS::ApiGatewayV2::Stage", List.of("/apis/*"),
            "AWS::ApiGatewayV2::Authorizer", List.of("/apis/*"),
            "AWS::ApiGatewayV2::Integration", List.of("/apis/*"),
            "AWS::ApiGatewayV2::Route", List.of("/apis/*"),
            "AWS::ApiGatewayV2::VpcLink", List.of("/vpclinks", "/vpclinks/*"));

    private static Map<String, Object> roles;
    private static Map<String, Object> migrate;
    private static Map<String, Object> service;

    @BeforeAll
    static void load() throws IOException {
        roles = map(CloudFormationTemplate.read(MODULE.resolve("deploy-role.yaml"))
                .document()
                .get("Resources"));
        migrate = map(CloudFormationTemplate.read(MODULE.resolve("migrate.yaml"))
                .document()
                .get("Resources"));
        service = CloudFormationTemplate.read(MODULE.resolve("template.yaml")).document();
    }

    @Test
    void onlyTheRepositorysDeployEnvironmentCanAssumeTheDeployRole() {
        List<Map<String, Object>> trust =
                list(map(properties(roles, "DeployRole").get("AssumeRolePolicyDocument"))
                                .get("Statement"))
                        .stream()
                        .map(DeployRoleTest::map)
                        .toList();
        Map<String, Object> statement = trust.get(0);
        Map<String, Object> condition = map(statement.get("Condition"));

        assertEquals(1, trust.size());
        assertEquals("sts:AssumeRoleWithWebIdentity", statement.get("Action"));
        assertTrue(
                String.valueOf(map(statement.get("Principal")).get("Federated"))
                        .contains(":oidc-provider/token.actions.githubusercontent.com"),
                "GitHub's OIDC provider, no long-lived keys");
        assertEquals(Set.of("StringEquals"), condition.keySet(), "exact matches only, no StringLike wildcards");
        Map<String, Object> equals = map(condition.get("StringEquals"));
        assertEquals("sts.amazonaws.com", equals.get("token.actions.githubusercontent.com:aud"));
        assertEquals(
                Map.of("Fn::Sub", "repo:${Repository}:environment:${DeployEnvironment}"),
                equals.get("token.actions.githubusercontent.com:sub"));
    }

    @Test
    void grantsNoWildcardActionAndStarResourcesOnlyWhereAwsHasNoResourceLevelPermissions() {
        List<Map<String, Object>> allows = allows();

        assertTrue(allows.size() > 5);
        assertAll(allows.stream().map(s -> () -> {
            String sid = String.valueOf(s.get("Sid"));
            actions(s).forEach(action -> assertFalse(action.contains("*"), sid + ": " + action));
            if (strings(s.get("Resource")).contains("*")) {
                assertTrue(NO_RESOURCE_LEVEL.containsAll(actions(s)), sid + " uses Resource * for " + actions(s));
            }
        }));
    }

    @Test
    void cloudFormationsRoleManagesEveryApiGatewayResourceTheServiceTemplateCreatesInEitherTopology() {
        Map<String, Object> resources = map(service.get("Resources"));
        List<Map<String, Object>> cloudFormation = policyStatements(properties(roles, "CloudFormationRole"));
        Set<String> types = new java.util.TreeSet<>();
        resources.values().stream()
                .map(r -> String.valueOf(map(r).get("Type")))
                .filter(type -> type.startsWith("AWS::ApiGatewayV2::"))
                .forEach(types::add);

        assertTrue(types.contains("AWS::ApiGatewayV2::VpcLink"), "the hybrid topology's VPC link: " + types);
        assertAll(types.stream().map(type -> () -> {
            assertTrue(API_GATEWAY_PATHS.containsKey(type), type + ": which API Gateway path it lives under");
            for (String path : API_GATEWAY_PATHS.get(type)) {
                assertTrue(
                        cloudFormation.stream()
                                .anyMatch(s -> actions(s).containsAll(API_GATEWAY_WRITES)
                                        && strings(s.get("Resource")).stream()
                                                .anyMatch(
                                                        r -> r.endsWith(":apigateway:${AWS::Region}::" + path + "}"))),
                        type + " needs " + API_GATEWAY_WRITES + " on " + path);
            }
        }));
        // The VPC link's network interfaces are API Gateway's, made with its service-linked role: that role only.
        Map<String, Object> serviceLinked = cloudFormation.stream()
                .filter(s -> actions(s).contains("iam:CreateServiceLinkedRole"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no iam:CreateServiceLinkedRole for API Gateway's role"));
        assertTrue(
                String.valueOf(serviceLinked.get("Resource"))
                        .endsWith(":role/aws-service-role/ops.apigateway.amazonaws.com/AWSServiceRoleForAPIGateway}"),
                String.valueOf(serviceLinked.get("Resource")));
        assertEquals(
                "ops.apigateway.amazonaws.com",
                map(map(serviceLinked.get("Condition")).get("StringEquals")).get("iam:AWSServiceName"));
    }

    @Test
    void rolesArePassedOnlyToTheServicesThatNeedThem() {
        List<Map<String, Object>> passRole = allows().stream()
                .filter(s -> actions(s).contains("iam:PassRole"))
                .toList();

        assertEquals(2, passRole.size());
        assertAll(passRole.stream()
                .map(s -> () -> assertNotNull(
                        map(map(s.get("Condition")).get("StringEquals")).get("iam:PassedToService"),
                        s.get("Sid") + " names the service it passes to")));
    }

    @Test
    void theWorkflowsRoleChangesOnlyTheServiceStacksAndInvokesOnlyTheMigrationFunction() {
        List<Map<String, Object>> deploy = policyStatements(properties(roles, "DeployRole"));
        String invokable = deploy.stream()
                .filter(s -> actions(s).contains("lambda:InvokeFunction"))
                .map(s -> String.valueOf(s.get("Resource")))
                .findFirst()
                .orElseThrow();

        assertTrue(invokable.endsWith(":function:${ServiceStackName}-migrate}"), invokable);
        assertEquals(
                Map.of("Ref", "AWS::StackName"),
                properties(migrate, "MigrateFunction").get("FunctionName"));
        deploy.stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("cloudformation:")))
                .flatMap(s -> strings(s.get("Resource")).stream())
                .forEach(resource -> assertTrue(
                        resource.contains("stack/${ServiceStackName}") || resource.contains(":transform/Serverless-"),
                        resource));
    }

    @Test
    void migrationFunctionRunsTheServicesZipInTheVpcAndMigratesAtInitialisation() {
        Map<String, Object> function = properties(migrate, "MigrateFunction");
        Map<String, Object> serviceFunction = properties(map(service.get("Resources")), "Function");
        Map<String, Object> env = map(map(function.get("Environment")).get("Variables"));
        String connect = String.valueOf(policyStatements(function).get(0).get("Resource"));

        assertEquals(serviceFunction.get("CodeUri"), function.get("CodeUri"));
        assertEquals(serviceFunction.get("Handler"), function.get("Handler"));
        assertNotNull(function.get("VpcConfig"));
        assertEquals("true", env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"));
        assertTrue(
                Integer.parseInt(String.valueOf(env.get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"))) >= 2, "Flyway needs 2");
        assertEquals("rds-iam", env.get("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER"));
        assertTrue(connect.contains(":dbuser:${ProxyResourceId}/${DatabaseUser}"), connect);
        assertTrue(
                map(service.get("Outputs")).keySet().containsAll(Set.of("ProxyEndpoint", "ProxyResourceId")),
                "the service stack outputs what the migration stack takes");
    }

    private static List<Map<String, Object>> allows() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String role : List.of("DeployRole", "CloudFormationRole")) {
            statements.addAll(policyStatements(properties(roles, role)));
        }
        return statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).toList();
    }

    private static List<Map<String, Object>> policyStatements(Map<String, Object> properties) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(properties.get("Policies"))) {
            Map<String, Object> document = map(policy);
            if (document.containsKey("PolicyDocument")) {
                document = map(document.get("PolicyDocument"));
            }
            list(document.get("Statement")).forEach(s -> statements.add(map(s)));
        }
        return statements;
    }

    private static List<String> actions(Map<String, Object> statement) {
        return strings(statement.get("Action"));
    }

    private static List<String> strings(Object value) {
        return value instanceof Collection<?> c
                ? c.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(value));
    }

    private static Map<String, Object> properties(Map<String, Object> resources, String name) {
        return map(map(resources.get(name)).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Collection<?> list(Object value) {
        return value == null ? List.of() : (Collection<?>) value;
    }
}
