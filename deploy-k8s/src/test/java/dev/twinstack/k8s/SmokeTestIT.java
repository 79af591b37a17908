package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deploy workflows' smoke test ({@code scripts/smoke-test.sh}) against the packaged server: it passes on a
 * healthy deployment, leaves nothing behind, and fails when the API does not answer as promised. Needs bash and curl:
 * {@code -Pfull} only.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "the smoke test needs bash and curl: run with -Pfull")
class SmokeTestIT {

    static final Path SCRIPT = ModuleFiles.REPOSITORY.resolve("scripts").resolve("smoke-test.sh");

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    record Run(int exit, String output) {}

    @Test
    void passesOnAHealthyDeploymentAndRemovesWhatItCreated() throws Exception {
        try (PackagedServer server = PackagedServer.start(database.db(), Map.of())) {
            Run run = smokeTest(server.uri("/").toString());
            Matcher email = Pattern.compile("user (\\S+@example\\.invalid) created and removed")
                    .matcher(run.output());

            assertEquals(0, run.exit(), run.output());
            assertTrue(email.find(), run.output());
            Http.Exchange left = Http.get(server.uri("/").getPort(), "/api/users?email=" + email.group(1));
            assertEquals(200, left.status());
            assertTrue(left.body().contains("\"items\":[]"), "nothing left behind: " + left.body());
        }
    }

    @Test
    void failsWhenTheApiDoesNotAnswerAsPromised() throws Exception {
        try (PackagedServer server = PackagedServer.start(database.db(), Map.of())) {
            Run run = smokeTest(server.uri("/q").toString());

            assertNotEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("smoke test FAILED at 'create a user'"), run.output());
        }
    }

    private static Run smokeTest(String baseUrl) throws IOException, InterruptedException {
        List<String> output = new CopyOnWriteArrayList<>();
        LaunchedProcess script = ProcessLauncher.shared()
                .command("bash", SCRIPT.toString(), baseUrl)
                .name("smoke-test.sh")
                .lines(output::add)
                .start();
        int exit = script.awaitExit(Duration.ofMinutes(2));
        return new Run(exit, String.join("\n", output));
    }
}
