package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deploy workflows' smoke test ({@code scripts/smoke-test.sh}) against the packaged server: it passes on a
 * healthy deployment, leaves nothing behind, and fails when the API does not answer as promised. Needs bash and curl:
 * {@code -Pfull} only.
 */
class SmokeTestIT {

    static final Path SCRIPT =
            RenderedOverlay.KUSTOMIZE.getParent().getParent().resolve("scripts").resolve("smoke-test.sh");

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    record Run(int exit, String output) {}

    @BeforeEach
    void onlyInTheFullBuild() {
        assumeTrue(Boolean.getBoolean("twinstack-full"), "the smoke test needs bash and curl: run with -Pfull");
    }

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
        Process process = new ProcessBuilder("bash", SCRIPT.toString(), baseUrl)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the smoke test did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
