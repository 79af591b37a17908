package dev.twinstack.fork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows call what the project documents instead of carrying copies of it: CI is {@code .ci/run}, and
 * every build, deploy and script command a workflow runs is one a Markdown file of the project gives. And each
 * workflow does what a team relies on it for: CI on both JDKs with Docker, releases with SBOMs and provenance, deploys
 * without long-lived keys, pinned to the released digest, migrations first, a smoke test last.
 */
class WorkflowsTest {

    @Test
    void theFourWorkflowsExist() throws IOException {
        assertEquals(
                List.of("ci.yml", "deploy-aws.yml", "deploy-k8s.yml", "release.yml"),
                Workflows.files().stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void ciRunsDotCiRunOnJdk17And21WithDockerAndKeepsTheReports() {
        JsonNode job = Workflows.read("ci.yml").path("jobs").path("ci");
        List<Workflows.Step> steps = Workflows.steps("ci.yml");
        List<String> commands = steps.stream()
                .flatMap(s -> Workflows.commands(s.run()).stream())
                .toList();
        String uploads = steps.stream()
                .filter(s -> s.uses().startsWith("actions/upload-artifact@"))
                .map(s -> s.node().path("with").path("path").asText())
                .reduce("", String::concat);

        assertEquals(List.of("bash .ci/run"), commands, "CI runs .ci/run and no build command of its own");
        assertEquals(Set.of("17", "21"), texts(job.at("/strategy/matrix/java")));
        assertTrue(
                job.at("/container/volumes").toString().contains("/var/run/docker.sock"), "Docker for Testcontainers");
        assertTrue(job.path("timeout-minutes").asInt() > 0, "a stated time budget");
        assertTrue(steps.stream()
                .anyMatch(s -> s.uses().startsWith("actions/setup-java@")
                        && s.node().at("/with/cache").asText().equals("maven")));
        assertTrue(uploads.contains("surefire-reports") && uploads.contains("failsafe-reports"), uploads);
        assertTrue(uploads.contains("load-tests/lab/target/lab"), "the lab's report");
    }

    @Test
    void everyCommandAWorkflowRunsIsOneTheDocsGive() throws IOException {
        List<String> documented = Workflows.documentedCommands();
        List<String> checked = new ArrayList<>();
        for (Path file : Workflows.files()) {
            for (Workflows.Step step : Workflows.steps(file.getFileName().toString())) {
                for (String command : Workflows.commands(step.run())) {
                    checked.add(command);
                    assertTrue(
                            documented.stream().anyMatch(doc -> Workflows.matches(command, doc)),
                            file.getFileName() + " runs a command no doc gives: " + command);
                }
            }
        }
        assertTrue(checked.size() >= 12, "the workflows' commands were found: " + checked);
    }

    @Test
    void commandMatchingTellsVariablesFromCopies() {
        String doc = "kubectl -n twinstack wait --for=condition=complete --timeout=10m job/twinstack-migrate-<tag>";

        assertTrue(Workflows.matches(
                "kubectl -n twinstack wait --for=condition=complete --timeout=10m \"job/twinstack-migrate-$VERSION\"",
                doc));
        assertFalse(Workflows.matches(
                "kubectl -n twinstack wait --for=condition=complete --timeout=5m \"job/twinstack-migrate-$VERSION\"",
                doc));
        assertTrue(Workflows.matches("./mvnw -B -ntp install -DskipTests", "./mvnw install -DskipTests"));
        assertFalse(Workflows.matches("./mvnw install", "./mvnw install -DskipTests"));
        assertTrue(Workflows.matches(
                "sam deploy --parameter-overrides A=$X B=1", "sam deploy --parameter-overrides <P=V ...>"));
    }

    @Test
    void releaseShipsEveryDeployableWithSbomsChecksumsAndProvenance() {
        List<Workflows.Step> steps = Workflows.steps("release.yml");
        String all = Workflows.read("release.yml").toString();
        long sboms = steps.stream()
                .filter(s -> s.uses().startsWith("anchore/sbom-action@"))
                .filter(s -> s.node().at("/with/format").asText().equals("cyclonedx-json"))
                .count();

        assertTrue(all.contains("\"tags\":[\"v*\"]"), "runs on version tags");
        assertTrue(all.contains("jib:build") && all.contains("linux/amd64,linux/arm64"), "multi-arch image with Jib");
        assertEquals(3, sboms, "a CycloneDX SBOM of function.zip, the server zip and the image");
        assertTrue(all.contains("dist/function\""), "function.zip's SBOM is of the unpacked, trimmed zip");
        assertTrue(all.contains("sha256sum"), "checksums");
        assertTrue(steps.stream().anyMatch(s -> s.uses().startsWith("actions/attest-build-provenance@")));
        assertEquals(
                "write",
                Workflows.read("release.yml").at("/permissions/packages").asText());
        assertTrue(all.contains("secrets.GITHUB_TOKEN"), "pushes with the workflow's own token");
    }

    @Test
    void deploysUseOidcThePinnedReleaseMigrationsFirstAndASmokeTest() {
        List<String> aws = runOrder("deploy-aws.yml");
        List<String> k8s = runOrder("deploy-k8s.yml");

        assertEquals(
                "write",
                Workflows.read("deploy-aws.yml").at("/permissions/id-token").asText());
        assertTrue(Workflows.steps("deploy-aws.yml").stream()
                .anyMatch(s -> s.uses().startsWith("aws-actions/configure-aws-credentials@")
                        && s.node().at("/with/role-to-assume").asText().contains("vars.")));
        assertBefore(aws, "aws lambda invoke", "sam deploy -t deploy-lambda/template.yaml");
        assertBefore(aws, "sam deploy -t deploy-lambda/template.yaml", "scripts/smoke-test.sh");
        assertBefore(k8s, "deploy-k8s/scripts/pin-image.sh", "kubectl apply");
        assertBefore(k8s, "kubectl -n twinstack wait", "kubectl -n twinstack rollout");
        assertBefore(k8s, "kubectl -n twinstack rollout", "scripts/smoke-test.sh");
    }

    @Test
    void noWorkflowHoldsLongLivedCloudKeysAndEveryActionIsPinned() throws IOException {
        for (Path file : Workflows.files()) {
            String text = Files.readString(file);
            assertFalse(text.contains("aws-access-key-id") || text.contains("AWS_SECRET_ACCESS_KEY"), file.toString());
            assertAll(Workflows.steps(file.getFileName().toString()).stream()
                    .filter(s -> !s.uses().isEmpty())
                    .map(s -> () -> assertTrue(
                            s.uses().matches("[\\w.-]+/[\\w.-]+@(v\\d+(\\.\\d+)*|[0-9a-f]{40})"),
                            file.getFileName() + ": " + s.uses())));
        }
    }

    private static List<String> runOrder(String workflow) {
        return Workflows.steps(workflow).stream()
                .flatMap(s -> Workflows.commands(s.run()).stream())
                .toList();
    }

    private static void assertBefore(List<String> commands, String first, String then) {
        int a = indexOf(commands, first);
        int b = indexOf(commands, then);
        assertTrue(a >= 0 && b >= 0 && a < b, first + " runs before " + then + ": " + commands);
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
