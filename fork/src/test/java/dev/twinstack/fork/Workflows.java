package dev.twinstack.fork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's GitHub workflows, read as YAML, and the commands documented in its Markdown files, so that a test
 * can tell whether a workflow runs a documented command or a copy of its own.
 */
final class Workflows {

    static final Path DIR = Project.ROOT.resolve(".github/workflows");

    /** Commands whose workflow use must be documented: the build, the deploy steps, the project's scripts. */
    private static final Pattern CHECKED = Pattern.compile(
            "(?:^\\s*|\\$\\(|&&\\s*|\\|\\|\\s*|;\\s*)(\\./mvnw|sam deploy|aws lambda invoke|kubectl (?:-n \\S+ )?(?:apply|wait|rollout|port-forward)"
                    + "|bash \\.ci/run|(?:deploy-k8s/)?scripts/[\\w-]+\\.sh)\\b.*");

    /** Maven's batch-mode flags: CI adds them to a documented command, they change nothing it does. */
    private static final List<String> CI_FLAGS = List.of("-B", "--batch-mode", "-ntp", "--no-transfer-progress");

    private Workflows() {}

    record Step(String workflow, String job, JsonNode node) {

        String run() {
            return node.path("run").asText("");
        }

        String uses() {
            return node.path("uses").asText("");
        }
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static JsonNode read(String name) {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(DIR.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Step> steps(String name) {
        List<Step> steps = new ArrayList<>();
        read(name)
                .path("jobs")
                .fields()
                .forEachRemaining(job ->
                        job.getValue().path("steps").forEach(step -> steps.add(new Step(name, job.getKey(), step))));
        return steps;
    }

    /** The checked commands a run block executes, one per command, with {@code ${{ }}} expressions as variables. */
    static List<String> commands(String run) {
        List<String> commands = new ArrayList<>();
        for (String line : run.replaceAll("\\\\\\n", " ").split("\n")) {
            String text = line.replaceAll("\\$\\{\\{[^}]*}}", "\\$EXPR");
            Matcher m = CHECKED.matcher(text);
            if (m.find()) {
                String command = text.substring(m.start(1)).split("\\s*(\\||&&|;|\\)|\\s&$)\\s*", 2)[0];
                commands.add(command.strip());
            }
        }
        return commands;
    }

    /** Every command line in a fenced block of the project's Markdown files (continuations joined, comments cut). */
    static List<String> documentedCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        for (Path file : Rename.files(Project.ROOT)) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            boolean fenced = false;
            StringBuilder pending = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                String text = line.strip();
                if (!fenced) {
                    // Commands in tables and prose are written in backticks.
                    Matcher inline = Pattern.compile("`([^`]+)`").matcher(line);
                    while (inline.find()) {
                        commands.add(inline.group(1));
                    }
                    continue;
                }
                if (text.endsWith("\\")) {
                    pending.append(text, 0, text.length() - 1).append(' ');
                    continue;
                }
                pending.append(text);
                commands.add(pending.toString().replaceAll("\\s+#\\s.*$", ""));
                pending.setLength(0);
            }
        }
        return commands;
    }

    /**
     * Whether a workflow command is the documented one: the same words in the same order, where a {@code <placeholder>}
     * of the doc stands for any value, a {@code <placeholder ...>} for any values to the end, and a workflow's
     * variable for whatever the doc has there.
     */
    static boolean matches(String workflowCommand, String documented) {
        List<String> given = tokens(workflowCommand).stream()
                .filter(t -> !CI_FLAGS.contains(t))
                .toList();
        List<String> doc = tokens(documented);
        for (int i = 0; i < doc.size(); i++) {
            String expected = doc.get(i);
            if (expected.matches("<[^>]*\\.\\.\\.>")) {
                return i < given.size();
            }
            if (i >= given.size()) {
                return false;
            }
            String actual = given.get(i).replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", "\u0000");
            String pattern = Stream.of(expected.split("<[^>]+>", -1))
                    .map(Pattern::quote)
                    .reduce((a, b) -> a + ".+" + b)
                    .orElse("");
            String ours = Stream.of(actual.split("\u0000", -1))
                    .map(Pattern::quote)
                    .reduce((a, b) -> a + ".+" + b)
                    .orElse("");
            if (!actual.replace("\u0000", "x").matches(pattern)
                    && !expected.replaceAll("<[^>]+>", "x").matches(ours)) {
                return false;
            }
        }
        return given.size() == doc.size();
    }

    private static List<String> tokens(String command) {
        return List.of(command.replaceAll("<([^<>]*?)\\s+\\.\\.\\.>", "<$1...>")
                .replaceAll("[\"']", "")
                .strip()
                .split("\\s+"));
    }
}
