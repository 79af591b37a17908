package dev.twinstack.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The IAM policy and the Role beside the pom grant what the collection calls ({@link Permissions}, which
 * {@link CollectionTest} holds to the calls really made) and nothing more, each action as narrowly as AWS allows.
 */
class DeployFilesTest {

    private static final Path POLICY = Path.of("iam-policy.json");
    private static final Path RBAC = Path.of("rbac.yaml");

    /** The policy's placeholders, to be replaced before it is attached (README). */
    private static final String LOG_GROUP_ARN =
            "arn:aws:logs:REGION:ACCOUNT_ID:log-group:" + AwsCollector.logGroup("FUNCTION_NAME") + ":*";

    @Test
    void policyGrantsEveryActionTheCollectionCallsAndNoOther() throws IOException {
        Map<String, List<String>> granted = granted();

        Set<String> called = new HashSet<>();
        for (Permissions.AwsAction a : Permissions.AwsAction.values()) {
            called.add(a.action);
        }
        assertEquals(called, granted.keySet());
    }

    @Test
    void policyScopesEachActionAsNarrowlyAsItsResourceTypesAllow() throws IOException {
        Map<String, List<String>> granted = granted();

        for (Permissions.AwsAction a : Permissions.AwsAction.values()) {
            List<String> expected = a.scope == Permissions.Scope.LOG_GROUP ? List.of(LOG_GROUP_ARN) : List.of("*");
            assertEquals(expected, granted.get(a.action), a.action + "'s resources");
        }
    }

    @Test
    void policyOnlyAllowsAndNamesNoWildcardAction() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(Files.readString(POLICY));

        assertEquals("2012-10-17", policy.path("Version").asText());
        for (JsonNode statement : policy.path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            statement.path("Action").forEach(a -> assertTrue(!a.asText().contains("*"), a.asText()));
            assertTrue(statement.path("Condition").isMissingNode()
                    && statement.path("NotAction").isMissingNode());
        }
    }

    @Test
    void roleGrantsEveryRequestTheCollectionSendsAndNoOther() throws IOException {
        List<HasMetadata> objects = rbac();

        List<Permissions.KubernetesRule> rules = new ArrayList<>();
        objects.stream()
                .filter(Role.class::isInstance)
                .map(Role.class::cast)
                .flatMap(r -> r.getRules().stream())
                .forEach(rule -> rule.getApiGroups()
                        .forEach(g -> rule.getResources()
                                .forEach(r -> rule.getVerbs()
                                        .forEach(v -> rules.add(new Permissions.KubernetesRule(g, r, v))))));
        assertEquals(Set.copyOf(Permissions.KUBERNETES), Set.copyOf(rules));
        assertEquals(Permissions.KUBERNETES.size(), rules.size(), "each rule once");
    }

    @Test
    void roleIsNamespacedAndBoundToItsOwnServiceAccount() throws IOException {
        List<HasMetadata> objects = rbac();

        assertEquals(
                List.of("ServiceAccount", "Role", "RoleBinding"),
                objects.stream().map(HasMetadata::getKind).toList(),
                "no ClusterRole: the collection reads one namespace");
        RoleBinding binding = (RoleBinding) objects.get(2);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(
                objects.get(1).getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(
                ((ServiceAccount) objects.get(0)).getMetadata().getName(),
                binding.getSubjects().get(0).getName());
    }

    /** Each action with the resources its statements grant it on. */
    private static Map<String, List<String>> granted() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(Files.readString(POLICY));
        Map<String, List<String>> granted = new HashMap<>();
        for (JsonNode statement : policy.path("Statement")) {
            List<String> resources = new ArrayList<>();
            JsonNode resource = statement.path("Resource");
            if (resource.isArray()) {
                resource.forEach(r -> resources.add(r.asText()));
            } else {
                resources.add(resource.asText());
            }
            statement
                    .path("Action")
                    .forEach(a -> granted.computeIfAbsent(a.asText(), k -> new ArrayList<>())
                            .addAll(resources));
        }
        return granted;
    }

    private static List<HasMetadata> rbac() throws IOException {
        try (InputStream in = Files.newInputStream(RBAC)) {
            Object parsed = Serialization.unmarshal(in);
            if (parsed instanceof KubernetesList list) {
                return list.getItems();
            }
            if (parsed instanceof List<?> list) {
                return list.stream().map(HasMetadata.class::cast).toList();
            }
            return List.of((HasMetadata) parsed);
        }
    }
}
