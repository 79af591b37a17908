package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeVariablesTest {

    private static final Path DEPLOYED = Path.of("../../deploy-lambda/template.yaml");

    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              HeapOptions:
                Type: String
                Default: "-Xmn6m"
            Globals:
              Function:
                Environment:
                  Variables:
                    MALLOC_ARENA_MAX: "2"
            Resources:
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      JAVA_TOOL_OPTIONS: !Ref HeapOptions
                      QUARKUS_DATASOURCE_USERNAME: app
            """;

    @Test
    void takesTheRuntimeProcessVariablesOfTheFunctionAndItsGlobals() {
        Map<String, String> variables = RuntimeVariables.of(CloudFormationTemplate.parse(TEMPLATE));

        assertEquals(Map.of("JAVA_TOOL_OPTIONS", "-Xmn6m", "MALLOC_ARENA_MAX", "2"), variables);
    }

    @Test
    void refusesAValueOnlyCloudFormationKnows() {
        String template = TEMPLATE.replace("!Ref HeapOptions", "!GetAtt Something.Options");

        assertThrows(IllegalArgumentException.class, () -> RuntimeVariables.of(CloudFormationTemplate.parse(template)));
    }

    @Test
    void theDeployedTemplateGivesTheJvmItsMemorySettings() {
        Map<String, String> variables = RuntimeVariables.of(CloudFormationTemplate.read(DEPLOYED));

        assertTrue(variables.getOrDefault("JAVA_TOOL_OPTIONS", "").contains("-Xmn"), variables::toString);
    }
}
