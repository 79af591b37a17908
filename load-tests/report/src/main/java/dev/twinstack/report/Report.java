package dev.twinstack.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * Renders the page and report.md for one results.json.
     *
     * @return the path of the HTML page
     */
    public static Path render(Path resultsJson, Path outputDir) throws IOException {
        ResultsFile results = ResultsFile.read(resultsJson);
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
     * {@code -Dreport.results=path/to/results.json} (or the first argument), and optionally {@code -Dreport.out=dir}
     * (or the second; default: the folder of results.json). Prints the page's path.
     */
    public static void main(String[] args) throws IOException {
        String results = args.length > 0 ? args[0] : System.getProperty("report.results");
        if (results == null || results.isBlank()) {
            System.err.println(
                    "usage: Report <results.json> [output dir]  (or -Dreport.results=... [-Dreport.out=...])");
            System.exit(2);
            return;
        }
        Path resultsJson = Path.of(results);
        if (!Files.isRegularFile(resultsJson)) {
            System.err.println("no results file at " + resultsJson.toAbsolutePath());
            System.exit(2);
            return;
        }
        String out = args.length > 1 ? args[1] : System.getProperty("report.out");
        Path outputDir =
                out == null || out.isBlank() ? resultsJson.toAbsolutePath().getParent() : Path.of(out);
        Path html = render(resultsJson, outputDir);
        System.out.println("Report: " + html.toAbsolutePath());
        System.out.println("        " + outputDir.resolve(MARKDOWN).toAbsolutePath());
    }
}
