package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables a template gives its function that shape the runtime's process rather than the
 * application: the JVM options Lambda's Java runtimes read from {@code JAVA_TOOL_OPTIONS} (beside their own command
 * line, which {@link ManagedJavaRuntime} models) and glibc's {@code MALLOC_ARENA_MAX}. Whoever runs the function here
 * takes them from the template, so an environment runs with the JVM settings the template deploys, defined there once.
 * The application's own variables (database, credentials provider, auth) are the caller's, as it stands in for them.
 */
public final class RuntimeVariables {

    /** The variables read, in the order they are given. */
    public static final List<String> NAMES = List.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

    private RuntimeVariables() {}

    /** Those of {@link #NAMES} the template's one {@code AWS::Serverless::Function} sets (Globals included). */
    @SuppressWarnings("unchecked")
    public static Map<String, String> of(CloudFormationTemplate template) {
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        if (functions.size() != 1) {
            throw new IllegalArgumentException(
                    "the template should have one AWS::Serverless::Function, not " + functions.size());
        }
        Object environment = template.properties(functions.get(0)).get("Environment");
        Object variables = environment instanceof Map<?, ?> e ? e.get("Variables") : null;
        Map<String, String> found = new LinkedHashMap<>();
        if (variables instanceof Map<?, ?> given) {
            for (String name : NAMES) {
                if (given.containsKey(name)) {
                    found.put(
                            name,
                            template.resolve(((Map<String, Object>) given).get(name))
                                    .orElseThrow(() -> new IllegalArgumentException(
                                            name + " is set by an expression only CloudFormation can resolve")));
                }
            }
        }
        return found;
    }
}
