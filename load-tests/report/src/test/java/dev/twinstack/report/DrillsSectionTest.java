package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.results.Drill;
import dev.twinstack.results.DrillVerdict;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drills section: per target with drills, its timeline with the fault windows shaded and one row per drill. */
class DrillsSectionTest {

    private static final Drill FAILOVER = new Drill(
            "db-failover",
            1_795_000_020_000L,
            1_795_000_032_000L,
            20.0,
            32.0,
            List.of("+0.00 s: SIGQUIT (immediate shutdown) to PostgreSQL's postmaster, pid 42"),
            172,
            84,
            Map.of(ErrorCause.SATURATION, 84L),
            List.of(new Drill.StatusCount(503, false, 1), new Drill.StatusCount(503, true, 83)),
            Optional.of(6L),
            DrillVerdict.RECOVERED);
    private static final Drill UNSEEN = new Drill(
            "kill-pod",
            1_795_000_050_000L,
            1_795_000_050_000L,
            50.0,
            50.0,
            List.of("+0.00 s: fault not observed: no replica was ready and in rotation"),
            0,
            0,
            Map.of(),
            List.of(),
            Optional.empty(),
            DrillVerdict.FAULT_NOT_OBSERVED);

    @Test
    void shadesEachFaultWindowOnTheTargetsTimeline() throws IOException {
        String html = render("drills-html");

        JsonNode chart = charts(html).path("drills-k8s");
        JsonNode windows = chart.path("series").get(0).path("markArea").path("data");
        assertEquals(2, windows.size());
        assertEquals("db-failover", windows.get(0).get(0).path("name").asText());
        assertEquals(20.0, windows.get(0).get(0).path("xAxis").asDouble());
        assertEquals(32.0, windows.get(0).get(1).path("xAxis").asDouble());
    }

    @Test
    void tellsErrorsByCauseAndByStatusWithAndWithoutRetryAfterTheRecoveryAndTheVerdict() throws IOException {
        String html = render("drills-html");

        assertTrue(html.contains("<section id=\"drills\">"), "drills section");
        assertTrue(html.contains("<td>503 without Retry-After: 1, 503 with Retry-After: 83</td>"), html);
        assertTrue(html.contains("<td>saturation: 84</td>"));
        assertTrue(html.contains("<td>6 ms</td>"));
        assertTrue(html.contains("<td>FAILED: fault not observed</td>"));
        assertTrue(
                html.contains("<td>whole load: 1 / 0 / 1 (GOAL MISSED: lost k8s-key-7)</td>"),
                "the target's ledger, reconciled over its whole load");
    }

    @Test
    void writesTheDrillsIntoReportMdToo() throws IOException {
        render("drills-md");

        String md = Files.readString(Fixtures.outputDir("drills-md").resolve(Report.MARKDOWN));
        assertTrue(md.contains("## Drills"));
        assertTrue(md.contains("| db-failover | 20.0–32.0 s (12.0 s) | 84 of 172 | saturation: 84 |"), md);
    }

    @Test
    void leavesTheSectionOutOfARunWithoutDrills() throws IOException {
        String html =
                Files.readString(Report.render(Fixtures.path(Fixtures.THREE_TARGETS), Fixtures.outputDir("no-drills")));

        assertFalse(html.contains("<section id=\"drills\">"));
    }

    private static String render(String name) throws IOException {
        Results fixture = Fixtures.read(Fixtures.THREE_TARGETS);
        List<TargetResult> targets = fixture.targets().stream()
                .map(t -> t.name().equals("k8s") ? withDrills(t, List.of(FAILOVER, UNSEEN)) : t)
                .toList();
        Path out = Fixtures.outputDir(name);
        Files.createDirectories(out);
        Path file = out.resolve("results.json");
        ResultsJson.write(new Results(fixture.schema(), fixture.run(), targets, fixture.cost()), file);
        return Files.readString(Report.render(file, out));
    }

    private static TargetResult withDrills(TargetResult t, List<Drill> drills) {
        return new TargetResult(
                t.name(),
                t.description(),
                t.slosMet(),
                t.gatlingReport(),
                t.requests(),
                t.peakConnections(),
                t.budget(),
                t.connections(),
                t.extras(),
                t.ledger(),
                drills);
    }

    private static JsonNode charts(String html) throws IOException {
        String start = "<script type=\"application/json\" id=\"charts\">";
        int from = html.indexOf(start) + start.length();
        return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
    }
}
