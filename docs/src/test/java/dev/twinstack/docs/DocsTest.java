package dev.twinstack.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's READMEs and docs/ pages name only what exists, the sources' comments name only classes that exist,
 * and every setting and option of the tools is documented. Each rule is also run on a small fixture repository and
 * a fixture picocli command, where it must report what is wrong there.
 */
class DocsTest {

    private static final Path README = Path.of("tool/README.md");

    @Test
    void theDocsNameOnlyWhatExistsAndEverySettingIsDocumented() {
        Project project = Project.of(Project.buildRoot());
        List<Finding> findings = new DocsCheck(project).run();

        assertTrue(findings.isEmpty(), () -> findings.size() + " finding(s):\n" + lines(findings));
        assertTrue(
                Commands.onClassPath(project).stream()
                        .map(Class::getSimpleName)
                        .toList()
                        .containsAll(List.of("LabOptions", "Main", "Render", "Analysis")),
                "the tools' commands are on the class path, so their options were checked (run the docs check in the"
                        + " reactor, e.g. -pl docs -am, so that the modules' own classes are on it): "
                        + Commands.onClassPath(project));
    }

    @Test
    void readsTheOptionsOfEveryCommandThroughPicocli() {
        Map<String, List<String>> options = Commands.options(Commands.spec(FixtureCommand.class));

        assertEquals(Map.of("fixture", List.of("--port", "--idle"), "fixture run", List.of("--records")), options);
    }

    @Test
    void reportsACommandOptionItsReadmeDoesNotName() {
        String readme = """
                # tool

                `java dev.twinstack.docs.FixtureCommand --port 3000 run --records file`
                """;

        List<Finding> findings = Commands.undocumented(Commands.spec(FixtureCommand.class), README, readme);

        assertEquals(
                List.of("tool/README.md:3: option '--idle' of command 'fixture' (dev.twinstack.docs.FixtureCommand) "
                        + "is not documented in its module's README"),
                findings.stream().map(Finding::toString).toList());
    }

    @Test
    void reportsACommandLineWithAnOptionOrSubcommandTheCommandLacks(@TempDir Path root) throws IOException {
        DocsCheck check = new DocsCheck(Project.of(fixtureRepository(root)));

        check.checkCommandLine(README, 7, "java -cp x dev.twinstack.docs.FixtureCommand run --records r --nope 1");
        check.checkCommandLine(README, 8, "java -cp x dev.twinstack.docs.FixtureCommand walk --port 1");
        check.checkCommandLine(README, 9, "java -cp x dev.twinstack.docs.FixtureCommand --port 1 --idle 5m");
        List<Finding> findings = check.findings();

        assertEquals(
                List.of(
                        "tool/README.md:7: option '--nope' is not an option of command 'fixture run'",
                        "tool/README.md:8: subcommand 'fixture walk' is not a subcommand of "
                                + "dev.twinstack.docs.FixtureCommand"),
                findings.stream().map(Finding::toString).toList());
    }

    @Test
    void reportsEveryKindOfNameThatDoesNotExist(@TempDir Path root) throws IOException {
        Path repository = fixtureRepository(root);
        Files.writeString(repository.resolve("load-tests/lab/README.md"), """
                # lab

                | property | meaning |
                |---|---|
                | `lab.port` | the port |

                ```bash
                ./mvnw -pl load-tests/lab -Pfull verify -Dlab.port=1 -DskipTests
                ./mvnw -pl load-tests/nope -Pnope verify -Dlab.nope=1
                ./mvnw -pl load-tests/lab dependency:tree nope:run
                ```

                Classes: `dev.twinstack.lab.Lab`, `dev.twinstack.lab.Ghost`, `LabTest`, `GhostTest`, `dev.twinstack:twinstack-lab`,
                `dev.twinstack:twinstack-ghost`. Files: `src/main/java/dev/twinstack/lab/Lab.java`, `src/main/missing.yaml`,
                `target/out/results.json`, `ghost/target/x.json`, `path/to/results.json`, `/usr/bin/chromium`, [home](../../README.md),
                [nowhere](nowhere.md), `<your>/file.json`.

                The page does not chart this yet. What the issue's list said.
                """);

        List<Finding> findings = new DocsCheck(Project.of(repository)).run();

        assertEquals(
                List.of(
                        "load-tests/lab/README.md:9: property '-Dlab.nope' is read by no pom and no code of the project",
                        "load-tests/lab/README.md:9: profile '-Pnope' is declared by no pom",
                        "load-tests/lab/README.md:9: module 'load-tests/nope' is no module of the reactor",
                        "load-tests/lab/README.md:10: goal 'nope:run' belongs to no plugin the poms declare",
                        "load-tests/lab/README.md:13: class 'dev.twinstack.lab.Ghost' has no source in the repository",
                        "load-tests/lab/README.md:13: class 'GhostTest' has no source in the repository",
                        "load-tests/lab/README.md:14: artifact 'dev.twinstack:twinstack-ghost' is built by no module",
                        "load-tests/lab/README.md:14: path 'src/main/missing.yaml' does not exist (relative to "
                                + "load-tests/lab, its module or the root)",
                        "load-tests/lab/README.md:15: path 'ghost/target/x.json' is a build output of a module that "
                                + "does not exist",
                        "load-tests/lab/README.md:16: link 'nowhere.md' points to nothing in the repository",
                        "load-tests/lab/README.md:18: wording 'the issue's' speaks of how the project is made, not of "
                                + "the project",
                        "load-tests/lab/README.md:18: claim 'not chart this yet' describes work still to come: docs "
                                + "describe what exists now",
                        "load-tests/lab/src/main/java/dev/twinstack/lab/Lab.java:7: class 'BudgetTest' named in a "
                                + "comment has no source in the repository",
                        "load-tests/lab/src/main/java/dev/twinstack/lab/Lab.java:10: setting 'lab.hidden' is read "
                                + "here but not documented in load-tests/lab/README.md",
                        "pom.xml:19: artifact 'dev.twinstack:twinstack-devdb' is managed or used, but no module "
                                + "builds it"),
                findings.stream().map(Finding::toString).toList());
    }

    /**
     * A repository with a root pom (module load-tests/lab, profile full, a managed artifact no module builds), the lab
     * module with one class, a test class, and a docs folder.
     */
    private static Path fixtureRepository(Path root) throws IOException {
        Files.writeString(root.resolve("mvnw"), "");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), "# fixture\n");
        Files.writeString(root.resolve("pom.xml"), """
                <project>
                    <artifactId>twinstack-parent</artifactId>
                    <modules>
                        <module>load-tests/lab</module>
                    </modules>
                    <profiles>
                        <profile>
                            <id>full</id>
                        </profile>
                    </profiles>
                    <dependencyManagement>
                        <dependencies>
                            <dependency>
                                <groupId>dev.twinstack</groupId>
                                <artifactId>twinstack-lab</artifactId>
                            </dependency>
                            <dependency>
                                <groupId>dev.twinstack</groupId>
                                <artifactId>twinstack-devdb</artifactId>
                            </dependency>
                        </dependencies>
                    </dependencyManagement>
                </project>
                """);
        Path lab = Files.createDirectories(root.resolve("load-tests/lab/src/main/java/dev/twinstack/lab"));
        Files.writeString(root.resolve("load-tests/lab/pom.xml"), """
                <project>
                    <parent><artifactId>twinstack-parent</artifactId></parent>
                    <artifactId>twinstack-lab</artifactId>
                </project>
                """);
        Files.writeString(root.resolve("load-tests/lab/README.md"), "# lab\n");
        Files.writeString(lab.resolve("Lab.java"), """
                package dev.twinstack.lab;

                /** The lab. */
                public class Lab {

                    int port = Integer.getInteger("lab.port", 1);
                    // checked by BudgetTest and LabTest
                    String out = System.getProperty("java.io.tmpdir");

                    String hidden = System.getProperty("lab.hidden");
                }
                """);
        Path tests = Files.createDirectories(root.resolve("load-tests/lab/src/test/java/dev/twinstack/lab"));
        Files.writeString(tests.resolve("LabTest.java"), "package dev.twinstack.lab;\n\nclass LabTest {}\n");
        return root;
    }

    private static String lines(List<Finding> findings) {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }
}
