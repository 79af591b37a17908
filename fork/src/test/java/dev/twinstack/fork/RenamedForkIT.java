package dev.twinstack.fork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A fork renamed by the rename command builds and passes its tests. A whole {@code ./mvnw verify} of the copy would
 * take most of an hour on the project's 2-core machines, so the copy runs {@code ./mvnw -Pfull test}: the modules
 * compile, main and test code (all but those that need packaged artifacts, see {@link #EXCLUDED}), and a focused set
 * of tests runs, one or two per module, chosen for what a rename can
 * break: configuration keys and environment variables (the effective-configuration tests), Java packages and the
 * Jandex index (the API spec through the server and through the Lambda event path), the manifests against the
 * renamed configuration (kubectl), the template's names, and the deploy files read by the analysis. Runs only under
 * {@code -Pfull}: it is a Maven build inside the build.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "building a renamed copy is slow: run with -Pfull")
class RenamedForkIT {

    static final List<String> TESTS = List.of(
            "DurationsTest",
            "UsersTest",
            "ServerConfigTest",
            "LambdaUsersTest",
            "LambdaConfigTest",
            "CloudWatchMetricsTest",
            "DeployRoleTest",
            "KubernetesConfigTest",
            "ManifestTest",
            "ProjectDeployFilesTest",
            "LoadProfileTest");

    /**
     * Not built in the copy: this module (no build inside the build inside the build), the two modules that consume the
     * packaged function.zip and server zip, which {@code test} does not produce, and the docs check, which reads the
     * lab's command line (its option names, not the rename's).
     */
    static final String EXCLUDED = "!fork,!load-tests/lambda-local,!load-tests/lab,!docs";

    private static final Path COPY = Path.of(System.getProperty("twinstack-build-dir", "target"), "renamed-fork");

    @Test
    void renamedForkBuildsAndPassesItsTests() throws Exception {
        deleteTree(COPY);
        Project.copyTo(COPY);
        new Rename(Rename.Identity.of(COPY), RenameTest.FORK).applyTo(COPY);
        String repository = System.getProperty("maven.repo.local");
        List<String> mavenOptions =
                repository == null || repository.isBlank() ? List.of() : List.of("-Dmaven.repo.local=" + repository);
        assertEquals(0, Rename.format(COPY, mavenOptions), "the renamed fork's code could not be formatted");

        List<String> command = new ArrayList<>(List.of(
                COPY.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-Pfull",
                "test",
                "-pl",
                EXCLUDED,
                "-Dtest=" + String.join(",", TESTS),
                "-Dsurefire.failIfNoSpecifiedTests=false"));
        command.addAll(mavenOptions);
        Path log = COPY.resolveSibling("renamed-fork-build.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(COPY.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = builder.start();
        if (!build.waitFor(60, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            fail("the renamed fork's build did not finish in an hour; see " + log);
        }

        assertEquals(0, build.exitValue(), "the renamed fork's build failed; see " + log);
        List<String> reports = reports();
        assertAll(TESTS.stream()
                .map(test -> () -> assertTrue(
                        reports.stream().anyMatch(r -> r.startsWith(test + " ") && !r.contains(" tests=\"0\"")),
                        test + " ran in the renamed fork: " + reports)));
    }

    /** "Name tests=... failures=..." for every surefire report of the copy. */
    private static List<String> reports() throws IOException {
        Pattern summary = Pattern.compile("<testsuite[^>]* name=\"[\\w.]*\\.(\\w+)\"[^>]*( tests=\"\\d+\")");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(COPY)) {
            for (Path report : files.filter(f -> f.getFileName().toString().startsWith("TEST-")
                            && f.toString().contains("surefire-reports"))
                    .toList()) {
                Matcher m = summary.matcher(Files.readString(report));
                if (m.find()) {
                    found.add(m.group(1) + " " + m.group(2).strip());
                }
            }
        }
        return found;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
