package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example run docs/hybrid.md shows a class (docs/hybrid/example): its pages must be what the current report code
 * renders from its results.json, so that the example cannot go stale when the report changes. When this fails after a
 * change to the report, render it again: {@value #RENDER}.
 */
class HybridExampleTest {

    static final String RENDER = "./mvnw -q -pl load-tests/report -am package -Preport -DskipTests"
            + " -Dreport.args=docs/hybrid/example/results.json";

    private static final Path EXAMPLE = Path.of("../../docs/hybrid/example");

    @Test
    void isARunOfTheHybridTargetWithEveryPartOfThePattern() throws IOException {
        Results results = ResultsJson.read(EXAMPLE.resolve("results.json"));

        TargetResult hybrid = results.targets().stream()
                .filter(t -> t.name().equals("hybrid"))
                .findFirst()
                .orElseThrow();
        assertTrue(hybrid.extras().gateway().isPresent(), "the gateway's routes and sides");
        assertFalse(hybrid.traces().orElseThrow().isEmpty(), "one trace per route");
        assertTrue(hybrid.budget().isPresent(), "connections against the summed budget");
        assertTrue(results.cost().isPresent(), "the cost projection");
    }

    @Test
    void itsPagesAreWhatTheReportRendersFromItsResults(@TempDir Path dir) throws IOException {
        Files.copy(EXAMPLE.resolve("results.json"), dir.resolve("results.json"));

        Report.render(dir.resolve("results.json"), dir);

        for (String page : new String[] {Report.MARKDOWN, Report.HTML}) {
            assertEquals(
                    Files.readString(EXAMPLE.resolve(page)),
                    Files.readString(dir.resolve(page)),
                    "docs/hybrid/example/" + page + " is stale: render it again with " + RENDER);
        }
    }
}
