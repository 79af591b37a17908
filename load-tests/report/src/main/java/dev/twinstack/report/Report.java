package dev.twinstack.report;

import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The comparison page, rendered from a results.json alone: {@code report.html} (self-contained, opens offline) and
 * {@code report.md} beside it. Used as a library by the lab and as a command for results from any run, also one
 * against real deployments.
 */
public final class Report {

    /** The page's file name in the output folder. */
    public static final String HTML = "report.html";

    /** The Markdown summary's file name in the output folder. */
    public static final String MARKDOWN = "report.md";

    private Report() {}

    /**
     * Renders the page and report.md for one results.json, read strictly through the results contract.
     *
     * @return the path of the HTML page
     */
    public static Path render(Path resultsJson, Path outputDir) throws IOException {
        Results results = ResultsJson.read(resultsJson);
        Files.createDirectories(outputDir);
        Path resultsDir = resultsJson.toAbsolutePath().getParent();
        Links links = new Links(resultsDir, outputDir);
        Path html = outputDir.resolve(HTML);
        Files.writeString(html, HtmlPage.render(results, links), StandardCharsets.UTF_8);
        Files.writeString(
                outputDir.resolve(MARKDOWN), MarkdownPage.render(results, links, HTML), StandardCharsets.UTF_8);
        return html;
    }

    /**
     * The Lambda targets' cold starts as the page states them, for a terminal: per Lambda target (the lab's, or a
     * deployed function whose REPORT lines were collected) its restores and on-demand inits with their REPORT durations, then the cold p50 ratio of each SnapStart target to each on-demand
     * one from the same run.
     */
    public static List<String> coldStarts(Results results) {
        SummaryTable table = SummaryTable.of(results);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < results.targets().size(); i++) {
            if (results.targets().get(i).extras().lambda().isEmpty()
                    && Figures.collectedLambda(results.targets().get(i)).isEmpty()) {
                continue;
            }
            lines.add("%s: %s; Restore Duration p50 / p99 %s; Init Duration p50 %s"
                    .formatted(
                            table.targets().get(i),
                            table.row(SummaryTable.COLD_SPLIT).values().get(i),
                            table.row(SummaryTable.RESTORE).values().get(i),
                            table.row(SummaryTable.INIT_P50).values().get(i)));
        }
        Figures.coldRatios(results).forEach(r -> lines.add(r.sentence()));
        return lines;
    }

    /**
     * For a terminal's cold column, which counts every instance's first request: per target whose replicas were
     * started before the load, how many of its cold requests were theirs (not pod starts; the page leaves them out).
     */
    public static List<String> prewarmedColdRequests(Results results) {
        return results.targets().stream()
                .filter(t -> Autoscaled.prewarmedColdRequests(t) > 0)
                .map(t ->
                        "%s: %d of its cold requests were the first requests of pre-warmed replicas (started and ready"
                                        .formatted(t.name(), Autoscaled.prewarmedColdRequests(t))
                                + " before the load, not pod starts); the page's cold rows leave them out")
                .toList();
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line; returns its exit code (0: rendered; 1: the results could not be read; 2: usage). */
    static int run(String... args) {
        return new CommandLine(new Render()).execute(args);
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            version = "report of results.json schema " + Results.SCHEMA,
            description = "Renders report.html and report.md from a results.json of the lab (or of a run against real"
                    + " deployments), and prints their paths.",
            exitCodeOnExecutionException = 1)
    static final class Render implements Callable<Integer> {

        @CommandLine.Parameters(
                arity = "0..1",
                paramLabel = "<results.json>",
                description = "the results file (default: ${DEFAULT-VALUE}, where the lab writes it)",
                defaultValue = "load-tests/lab/target/lab/results.json")
        Path results;

        @Option(
                names = {"-o", "--out"},
                paramLabel = "<dir>",
                description = "where report.html and report.md go (default: the folder of <results.json>)")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(results)) {
                err.println("no results file at " + results.toAbsolutePath());
                return 2;
            }
            Path outputDir = out == null ? results.toAbsolutePath().getParent() : out;
            try {
                Path html = render(results, outputDir);
                PrintWriter console = spec.commandLine().getOut();
                console.println("Report: " + html.toAbsolutePath());
                console.println("        " + outputDir.resolve(MARKDOWN).toAbsolutePath());
                console.flush();
                return 0;
            } catch (IOException e) {
                err.println("cannot render " + results + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
