package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user deploys: template.yaml (and template-native.yaml) checked against what a production deployment needs and
 * against the function.zip this build produced. Runs after packaging. The HTTP API in front of it:
 * {@code HttpApiTemplateTest}.
 */
class TemplateIT {

    private static final Path MODULE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent();
    private static final String HANDLER = "dev.twinstack.lambda.FunctionHandler::handleRequest";
    /** The handler Quarkus generates, which the function's own handler runs first. */
    private static final String QUARKUS_HANDLER =
            "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** Class-file major version of Java 25, the managed runtime the template names. */
    private static final int JAVA_25 = 69;

    private static Map<String, Object> template;
    private static Map<String, Object> resources;
    private static Map<String, Object> function;

    @BeforeAll
    static void load() throws IOException {
        template = CloudFormationTemplate.read(MODULE.resolve("template.yaml")).document();
        resources = map(template.get("Resources"));
        function = properties("Function");
    }

    @Test
    void functionRunsTheBuiltArtifactOnTheJavaRuntime() throws IOException {
        Path zip = MODULE.resolve((String) function.get("CodeUri"));
        Map<String, Object> generated = CloudFormationTemplate.read(MODULE.resolve("target/sam.jvm.yaml"))
                .document();
        Map<String, Object> generatedFunction = map(
                map(map(generated.get("Resources")).values().iterator().next()).get("Properties"));

        assertTrue(Files.isRegularFile(zip), "CodeUri points at the built function.zip");
        assertEquals(HANDLER, function.get("Handler"));
        assertEquals(
                QUARKUS_HANDLER,
                generatedFunction.get("Handler"),
                "Quarkus still generates the handler FunctionHandler delegates to");
        assertEquals(Map.of("Fn::If", List.of("IsJvm", "java25", "provided.al2023")), function.get("Runtime"));
        assertTrue(zipHoldsClass(zip, HANDLER.substring(0, HANDLER.indexOf(':'))), "the handler class is in the zip");
        assertTrue(highestClassVersion(zip) <= JAVA_25, "the zip's classes run on java25");
    }

    @Test
    void defaultsToArm64AndJvmPackaging() {
        assertEquals("arm64", map(parameter("Architecture")).get("Default"));
        assertEquals("jvm", map(parameter("Packaging")).get("Default"));
        assertEquals(List.of(Map.of("Ref", "Architecture")), function.get("Architectures"));
        assertEquals(Map.of("Ref", "MemorySize"), function.get("MemorySize"));
        assertEquals(Map.of("Ref", "Timeout"), function.get("Timeout"));
    }

    @Test
    void publishesVersionsBehindAnAliasWithSnapStart() {
        assertNotNull(function.get("AutoPublishAlias"));
        assertEquals(
                Map.of(
                        "Fn::If",
                        List.of("IsJvm", Map.of("ApplyOn", "PublishedVersions"), Map.of("Ref", "AWS::NoValue"))),
                function.get("SnapStart"));
    }

    @Test
    void capsConcurrencyWithAParameter() {
        assertEquals(Map.of("Ref", "ReservedConcurrency"), function.get("ReservedConcurrentExecutions"));
        assertEquals("Number", map(parameter("ReservedConcurrency")).get("Type"));
    }

    @Test
    void runsInTheGivenSubnetsAndSecurityGroup() {
        Map<String, Object> vpc = map(function.get("VpcConfig"));

        assertEquals(Map.of("Ref", "SubnetIds"), vpc.get("SubnetIds"));
        assertEquals(List.of(Map.of("Ref", "FunctionSecurityGroupId")), vpc.get("SecurityGroupIds"));
    }

    @Test
    void connectsThroughAnRdsProxyWithIamAuthAndTls() {
        Map<String, Object> proxy = properties("DatabaseProxy");
        Map<String, Object> auth = map(((List<?>) proxy.get("Auth")).get(0));
        Map<String, String> env = stringMap(map(map(function.get("Environment")).get("Variables")));

        assertEquals("POSTGRESQL", proxy.get("EngineFamily"));
        assertEquals(true, proxy.get("RequireTLS"));
        assertEquals("REQUIRED", auth.get("IAMAuth"));
        assertEquals(Map.of("Ref", "DatabaseSecretArn"), auth.get("SecretArn"));
        assertEquals(
                Map.of("Ref", "MigrationSecretArn"),
                map(((List<?>) proxy.get("Auth")).get(1)).get("SecretArn"),
                "the migration role has a secret of its own");
        assertEquals("rds-iam", env.get("QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER"));
        assertTrue(String.valueOf(map(function.get("Environment"))).contains("DatabaseProxy.Endpoint"));
        assertFalse(env.keySet().stream().anyMatch(k -> k.contains("PASSWORD")), "no password in the function");
        assertEquals(
                Map.of("Ref", "MaxConnectionsPercent"),
                map(properties("DatabaseProxyTargetGroup").get("ConnectionPoolConfigurationInfo"))
                        .get("MaxConnectionsPercent"));
    }

    @Test
    void grantsRdsDbConnectOnTheProxyUserOnly() {
        List<Map<String, Object>> connect = statements().stream()
                .filter(s -> actions(s).contains("rds-db:connect"))
                .toList();

        assertEquals(1, connect.size());
        String resource = String.valueOf(connect.get(0).get("Resource"));
        assertTrue(resource.contains(":dbuser:${ProxyId}/${DatabaseUser}"), resource);
        assertTrue(resource.contains("DatabaseProxy.DBProxyArn"), resource);
        assertFalse(resource.contains("*"), resource);
    }

    @Test
    void grantsNoWildcardActions() {
        assertAll(statements().stream()
                .flatMap(s -> actions(s).stream())
                .map(action -> () -> assertFalse(action.contains("*"), action)));
        assertFalse(statements().isEmpty());
    }

    @Test
    void keepsLogsForAConfiguredTime() {
        assertEquals(Map.of("Ref", "LogRetentionDays"), properties("LogGroup").get("RetentionInDays"));
        assertEquals(
                Map.of("Ref", "LogGroup"), map(function.get("LoggingConfig")).get("LogGroup"));
    }

    @Test
    void alarmsOnThrottlesErrorsApplication5xxP99DurationAndPinnedSessions() {
        Map<String, Map<String, Object>> alarms = resources.entrySet().stream()
                .filter(e -> "AWS::CloudWatch::Alarm".equals(map(e.getValue()).get("Type")))
                .collect(Collectors.toMap(
                        e -> (String) map(map(e.getValue()).get("Properties")).get("MetricName"),
                        e -> map(map(e.getValue()).get("Properties"))));

        assertEquals(
                Set.of("Throttles", "Errors", "5xx", "Duration", "DatabaseConnectionsCurrentlySessionPinned"),
                alarms.keySet());
        assertEquals("AWS/ApiGateway", alarms.get("5xx").get("Namespace"), "the API's 5xx, which Errors misses");
        assertEquals("p99", alarms.get("Duration").get("ExtendedStatistic"));
        assertEquals(
                "AWS/RDS",
                alarms.get("DatabaseConnectionsCurrentlySessionPinned").get("Namespace"));
    }

    @Test
    void collectorLayerIsOneOfTheKnownPublishers() {
        String pattern = String.valueOf(
                map(map(template.get("Parameters")).get("CollectorLayerArn")).get("AllowedPattern"));

        assertTrue("".matches(pattern));
        assertTrue(
                "arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-java-agent-arm64-ver-1-32-0:6".matches(pattern));
        assertFalse("arn:aws:lambda:eu-west-1:123456789012:layer:anything:1".matches(pattern));
    }

    @Test
    void outputsTheApiUrl() {
        String url =
                String.valueOf(map(map(template.get("Outputs")).get("ApiUrl")).get("Value"));

        assertTrue(url.contains("https://${HttpApi}.execute-api."), url);
    }

    @Test
    void documentsEveryParameterAndHoldsNoSecrets() {
        assertAll(map(template.get("Parameters")).entrySet().stream()
                .map(p -> () -> assertNotNull(map(p.getValue()).get("Description"), p.getKey())));
        assertFalse(keys(resources).stream().anyMatch(k -> k.toLowerCase().contains("password")), "no password set");
    }

    @Test
    void nativeTemplateNestsTheSameStackWithNativePackaging() throws IOException {
        Map<String, Object> nativeTemplate = CloudFormationTemplate.read(MODULE.resolve("template-native.yaml"))
                .document();
        Map<String, Object> stack = map(map(nativeTemplate.get("Resources")).get("Stack"));
        Map<String, Object> properties = map(stack.get("Properties"));
        Map<String, Object> passed = map(properties.get("Parameters"));
        Map<String, Object> declared = map(template.get("Parameters"));

        assertEquals("AWS::Serverless::Application", stack.get("Type"));
        assertEquals("template.yaml", properties.get("Location"));
        assertEquals("native", passed.get("Packaging"));
        assertTrue(declared.keySet().containsAll(passed.keySet()), "passes only parameters template.yaml declares");
        assertAll(declared.entrySet().stream()
                .filter(p -> map(p.getValue()).get("Default") == null)
                .map(p -> () -> assertTrue(passed.containsKey(p.getKey()), "required parameter " + p.getKey())));
    }

    /** Cost allocation: service, environment and tier on every resource that takes tags, in every template here. */
    @Test
    void tagsEveryTaggableResourceForCostAllocation() throws IOException {
        Set<String> untaggable = Set.of(
                "AWS::RDS::DBProxyTargetGroup",
                "AWS::CloudWatch::Dashboard",
                "AWS::S3::BucketPolicy",
                "AWS::ApiGatewayV2::Authorizer",
                "AWS::ApiGatewayV2::Integration",
                "AWS::ApiGatewayV2::Route",
                "AWS::Lambda::Permission");
        List<Path> templates;
        try (var files = Files.list(MODULE)) {
            templates =
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }

        assertTrue(templates.size() >= 2, templates.toString());
        for (Path file : templates) {
            assertAll(map(CloudFormationTemplate.read(file).document().get("Resources")).entrySet().stream()
                    .filter(r -> !untaggable.contains(map(r.getValue()).get("Type")))
                    .map(r -> () -> {
                        Object tags = map(map(r.getValue()).get("Properties")).get("Tags");
                        Map<String, Object> byKey = tags instanceof Map<?, ?> sam
                                ? map(sam)
                                : list(tags).stream()
                                        .map(TemplateIT::map)
                                        .collect(Collectors.toMap(t -> (String) t.get("Key"), t -> t.get("Value")));
                        String where = file.getFileName() + " " + r.getKey();
                        assertEquals("twinstack", byKey.get("service"), where + " service");
                        assertEquals(Map.of("Ref", "Environment"), byKey.get("environment"), where + " environment");
                        assertTrue(
                                Set.of("api", "compute", "data", "observability", "identity", "delivery")
                                        .contains(byKey.get("tier")),
                                where + " tier " + byKey.get("tier"));
                    }));
        }
    }

    private static List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        resources.values().stream().map(TemplateIT::map).forEach(resource -> {
            Map<String, Object> properties = map(resource.get("Properties"));
            if (properties == null) {
                return;
            }
            for (Object policy : list(properties.get("Policies"))) {
                Map<String, Object> document = map(policy);
                if (document.containsKey("PolicyDocument")) {
                    document = map(document.get("PolicyDocument"));
                }
                list(document.get("Statement")).forEach(s -> statements.add(map(s)));
            }
            if (properties.containsKey("AssumeRolePolicyDocument")) {
                list(map(properties.get("AssumeRolePolicyDocument")).get("Statement"))
                        .forEach(s -> statements.add(map(s)));
            }
        });
        return statements;
    }

    private static List<String> keys(Object node) {
        List<String> keys = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                keys.add(String.valueOf(k));
                keys.addAll(keys(v));
            });
        } else if (node instanceof Collection<?> c) {
            c.forEach(v -> keys.addAll(keys(v)));
        }
        return keys;
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof String one
                ? List.of(one)
                : list(action).stream().map(String::valueOf).toList();
    }

    private static Object parameter(String name) {
        return map(template.get("Parameters")).get(name);
    }

    private static Map<String, Object> properties(String resource) {
        return map(map(resources.get(resource)).get("Properties"));
    }

    private static boolean zipHoldsClass(Path zip, String className) throws IOException {
        String entry = className.replace('.', '/') + ".class";
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.getEntry(entry) != null) {
                return true;
            }
            for (ZipEntry jar :
                    file.stream().filter(e -> e.getName().endsWith(".jar")).toList()) {
                try (ZipInputStream in = new ZipInputStream(file.getInputStream(jar))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        if (e.getName().equals(entry)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** The highest class-file major version among the classes Quarkus generated for the function. */
    private static int highestClassVersion(Path zip) throws IOException {
        int highest = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry :
                    file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    DataInputStream data = new DataInputStream(in);
                    data.readInt();
                    data.readUnsignedShort();
                    highest = Math.max(highest, data.readUnsignedShort());
                }
            }
        }
        return highest;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, String> stringMap(Map<String, Object> value) {
        return value.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    private static Collection<?> list(Object value) {
        return value == null ? List.of() : (Collection<?>) value;
    }
}
