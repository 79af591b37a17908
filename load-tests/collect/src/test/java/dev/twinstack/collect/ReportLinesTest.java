package dev.twinstack.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The patterns the Logs Insights query parses REPORT lines with read AWS's own lines (fixtures/report-lines.txt, copied
 * from the Lambda Developer Guide), and the query's one aggregated row reads as the run's figures.
 */
class ReportLinesTest {

    private static final List<String> LINES = AwsStandIn.fixture("report-lines.txt")
            .lines()
            .filter(l -> l.startsWith("REPORT "))
            .toList();

    @Test
    void readsAWarmInvocationsDurationAndMemory() {
        Map<ReportField, Double> fields = ReportField.read(LINES.get(0));

        assertEquals(
                Map.of(ReportField.DURATION, 79.67, ReportField.MEMORY_SIZE, 128.0, ReportField.MAX_MEMORY_USED, 73.0),
                fields);
    }

    @Test
    void readsAnOnDemandColdStartsInitDuration() {
        Map<ReportField, Double> fields = ReportField.read(LINES.get(1));

        assertEquals(130.49, fields.get(ReportField.INIT_DURATION));
        assertEquals(15.74, fields.get(ReportField.DURATION));
        assertEquals(56.0, fields.get(ReportField.MAX_MEMORY_USED));
    }

    @Test
    void readsTheTabSeparatedMessageAsCloudWatchLogsStoresIt() {
        Map<ReportField, Double> fields = ReportField.read(LINES.get(2));

        assertEquals(26.73, fields.get(ReportField.DURATION));
        assertEquals(75.0, fields.get(ReportField.MAX_MEMORY_USED));
        assertTrue(!fields.containsKey(ReportField.INIT_DURATION));
    }

    @Test
    void readsARestoreAndItsBilledRestoreApart() {
        Map<ReportField, Double> fields = ReportField.read(LINES.get(3));

        assertEquals(480.25, fields.get(ReportField.RESTORE_DURATION));
        assertEquals(163.0, fields.get(ReportField.BILLED_RESTORE_DURATION));
        assertEquals(12.40, fields.get(ReportField.DURATION));
        assertTrue(!fields.containsKey(ReportField.INIT_DURATION));
    }

    @Test
    void theQueryParsesEveryFieldWithItsPatternAndAggregatesInsideTheQuery() {
        String query = ReportQuery.text();

        assertTrue(query.startsWith("filter @type = \"REPORT\""), query);
        for (ReportField field : ReportField.values()) {
            assertTrue(query.contains("| parse @message /" + field.pattern + "/"), field + " in " + query);
        }
        assertTrue(query.contains("| stats count(*) as invocations"), query);
        assertTrue(!query.contains("fields ") && !query.contains("limit "), "one aggregated row, not rows: " + query);
    }

    @Test
    void theQueryNamesEachStatisticAsTheFixturesRowAndTheReaderDo() {
        Set<String> aliases = new LinkedHashSet<>();
        java.util.regex.Matcher alias =
                java.util.regex.Pattern.compile(" as (\\w+)").matcher(ReportQuery.text());
        while (alias.find()) {
            aliases.add(alias.group(1));
        }
        Set<String> fixture = new LinkedHashSet<>();
        AwsStandIn.fixtureJson("get-query-results-complete.json")
                .path("results")
                .get(0)
                .forEach(f -> fixture.add(f.path("field").asText()));

        assertEquals(fixture, aliases);
        for (ReportField field : ReportField.values()) {
            assertTrue(!aliases.contains(field.name), field.name + " is a parsed field, not a statistic");
        }
    }

    @Test
    void readsTheAggregatedRowOfTheQuery() {
        ReportQuery.Figures f = ReportQuery.figures(List.of(Map.of(
                "invocations", "1207",
                "inits", "2",
                "restores", "5",
                "restoreP50Ms", "480.25",
                "durationP99Ms", "96.3",
                "initP50Ms", "")));

        assertEquals(1207, f.invocations());
        assertEquals(7.0 / 1207, f.coldRatio(), 1e-12);
        assertEquals(Optional.of(480.25), f.restoreP50Ms());
        assertEquals(Optional.empty(), f.initP50Ms());
        assertEquals(Optional.empty(), f.memorySizeMb());
    }

    @Test
    void readsNoRowAsNoInvocations() {
        ReportQuery.Figures f = ReportQuery.figures(List.of());

        assertEquals(0, f.invocations());
        assertEquals(0, f.coldRatio());
    }
}
