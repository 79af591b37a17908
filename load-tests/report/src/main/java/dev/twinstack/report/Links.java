package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.results.TargetResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Links from the page to each target's Gatling report: relative to the page where both are on one file system, so the
 * results folder can be moved or archived whole; a report path in results.json that is relative is taken from the
 * folder of results.json.
 */
record Links(Path resultsDir, Path outputDir) {

    Optional<String> gatlingHref(TargetResult target) {
        if (target.gatlingReport().filter(r -> !r.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        Path report = resultsDir
                .resolve(target.gatlingReport().get())
                .toAbsolutePath()
                .normalize();
        Path page = outputDir.toAbsolutePath().normalize();
        if (report.getRoot() != null && report.getRoot().equals(page.getRoot())) {
            String relative = page.relativize(report).toString().replace('\\', '/');
            // A first segment with a colon would be read as a URL scheme (javascript:...): keep it a path.
            return Optional.of(relative.matches("[^/]*:.*") ? "./" + relative : relative);
        }
        return Optional.of(report.toUri().toString());
    }

    boolean gatlingReportExists(TargetResult target) {
        return target.gatlingReport()
                .filter(r -> Files.exists(resultsDir.resolve(r)))
                .isPresent();
    }

    String gatlingLink(TargetResult target) {
        return gatlingHref(target)
                .map(href -> "<a href=\"%s\">Gatling report (%s)</a>%s"
                        .formatted(
                                HtmlPage.esc(href),
                                HtmlPage.esc(target.name()),
                                gatlingReportExists(target)
                                        ? ""
                                        : " <span class=\"absent\">(not found on this machine)</span>"))
                .orElse("<span class=\"absent\">" + NOT_MEASURED + "</span>");
    }
}
