package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twinstack.results.TargetResult;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A report path in results.json is a path: whatever it says, the page links to a file, never runs a script. */
class LinksTest {

    private static final Path DIR = Path.of("results");

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x"})
    void aPathThatLooksLikeAUrlStaysAPath(String report) throws Exception {
        TargetResult target = withReport(report);

        String href = new Links(DIR, DIR).gatlingHref(target).orElseThrow();

        assertEquals("./" + report, href);
        assertFalse(new Links(DIR, DIR).gatlingLink(target).contains("href=\"" + report), "a link to " + report);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gatling/crud-1/index.html", "a b/index.html"})
    void anOrdinaryRelativePathIsKept(String report) throws Exception {
        assertEquals(report, new Links(DIR, DIR).gatlingHref(withReport(report)).orElseThrow());
    }

    private static TargetResult withReport(String report) throws Exception {
        TargetResult t = Fixtures.read(Fixtures.THREE_TARGETS).targets().get(0);
        return new TargetResult(
                t.name(),
                t.description(),
                t.slosMet(),
                Optional.of(report),
                t.requests(),
                t.peakConnections(),
                t.budget(),
                t.connections(),
                t.extras(),
                t.ledger(),
                t.drills());
    }
}
