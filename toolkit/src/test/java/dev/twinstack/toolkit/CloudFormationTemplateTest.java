package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Intrinsic tags in their long form, SAM's Globals, parameters as at deploy time. */
class CloudFormationTemplateTest {

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: 2010-09-09
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              ReservedConcurrency:
                Type: Number
                Default: 50
                MinValue: 1
                MaxValue: 1000
              Packaging:
                Type: String
                Default: jvm
                AllowedValues: [jvm, native]
              SubnetIds:
                Type: List<AWS::EC2::Subnet::Id>
            Conditions:
              IsJvm: !Equals [!Ref Packaging, jvm]
            Globals:
              Function:
                Timeout: 15
                Layers: [arn:aws:lambda:us-east-1:1:layer:a:1]
                Environment:
                  Variables:
                    SHARED: from-globals
                    OVERRIDDEN: from-globals
            Resources:
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: !If [IsJvm, java21, provided.al2023]
                  ReservedConcurrentExecutions: !Ref ReservedConcurrency
                  Timeout: 30
                  Layers: [!Ref SubnetIds]
                  Environment:
                    Variables:
                      OVERRIDDEN: !Ref Packaging
                      URL: !Sub "jdbc:postgresql://${Proxy.Endpoint}:5432/db"
                      HOST: !GetAtt Proxy.Endpoint
              Proxy:
                Type: AWS::RDS::DBProxy
                Properties:
                  RequireTLS: true
                  Auth:
                    - SecretArn: !Ref AWS::NoValue
            """;

    private final CloudFormationTemplate template = CloudFormationTemplate.parse(TEMPLATE);

    @Test
    void readsShortFormTagsAsTheirLongForm() {
        var function = template.properties("Function");

        assertEquals(Map.of("Fn::If", List.of("IsJvm", "java21", "provided.al2023")), function.get("Runtime"));
        assertEquals(Map.of("Ref", "ReservedConcurrency"), function.get("ReservedConcurrentExecutions"));
        var variables = variables(function);
        assertEquals(Map.of("Fn::Sub", "jdbc:postgresql://${Proxy.Endpoint}:5432/db"), variables.get("URL"));
        assertEquals(Map.of("Fn::GetAtt", "Proxy.Endpoint"), variables.get("HOST"));
        assertEquals(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "Packaging"), "jvm")),
                ((Map<?, ?>) template.document().get("Conditions")).get("IsJvm"));
    }

    @Test
    void keepsDatesAsText() {
        assertEquals("2010-09-09", template.document().get("AWSTemplateFormatVersion"));
    }

    @Test
    void appliesSamGlobalsUnderTheResourcesOwnProperties() {
        var function = template.properties("Function");

        assertEquals(30, function.get("Timeout"));
        assertEquals(
                List.of("arn:aws:lambda:us-east-1:1:layer:a:1", Map.of("Ref", "SubnetIds")), function.get("Layers"));
        assertEquals("from-globals", variables(function).get("SHARED"));
        assertEquals(Map.of("Ref", "Packaging"), variables(function).get("OVERRIDDEN"));
        assertEquals(Boolean.TRUE, template.properties("Proxy").get("RequireTLS"));
    }

    @Test
    void resolvesParametersToTheirDefaultOrTheDeployedValue() {
        var function = template.properties("Function");

        assertEquals(Optional.of(50), template.resolveInt(function.get("ReservedConcurrentExecutions")));
        assertEquals(
                Optional.of(120),
                template.withParameters(Map.of("ReservedConcurrency", "120"))
                        .resolveInt(function.get("ReservedConcurrentExecutions")));
        assertEquals(Optional.of("30"), template.resolve(function.get("Timeout")));
    }

    @Test
    void leavesWhatOnlyCloudFormationKnowsUnresolved() {
        var variables = variables(template.properties("Function"));

        assertEquals(Optional.empty(), template.resolve(variables.get("URL")));
        assertEquals(Optional.empty(), template.resolve(variables.get("HOST")));
        assertEquals(Optional.empty(), template.resolve(Map.of("Ref", "AWS::Region")));
        assertEquals(Optional.empty(), template.resolve(Map.of("Ref", "Proxy")));
    }

    @Test
    void asksForAParameterWithoutDefault() {
        var error = assertThrows(IllegalArgumentException.class, () -> template.resolve(Map.of("Ref", "SubnetIds")));

        assertTrue(error.getMessage().contains("SubnetIds=VALUE"), error.getMessage());
    }

    @Test
    void refusesValuesSamDeployWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("Unknown", "1")));
        assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("Packaging", "wasm")));
        assertThrows(IllegalArgumentException.class, () -> template.withParameters(Map.of("ReservedConcurrency", "0")));
        assertThrows(
                IllegalArgumentException.class, () -> template.withParameters(Map.of("ReservedConcurrency", "1001")));
        assertThrows(
                IllegalArgumentException.class, () -> template.withParameters(Map.of("ReservedConcurrency", "many")));
    }

    @Test
    void listsResourcesByType() {
        assertEquals(List.of("Function"), template.resourcesOfType("AWS::Serverless::Function"));
        assertEquals(List.of(), template.resourcesOfType("AWS::RDS::DBProxyTargetGroup"));
    }

    private static Map<?, ?> variables(Map<String, Object> function) {
        return (Map<?, ?>) ((Map<?, ?>) function.get("Environment")).get("Variables");
    }
}
