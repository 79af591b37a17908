package dev.twinstack.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one Logs Insights query over a function's log group that turns the window's REPORT lines into the figures of a
 * run: counts and percentiles are computed inside the query ({@code stats}), so its answer is one row however many
 * invocations there were (a query returns at most 10,000 rows). Text-format logs are assumed (Lambda's default); the
 * fields are parsed from each REPORT line by {@link ReportField}'s patterns.
 */
final class ReportQuery {

    /** The figures the query answers, by the name it gives them. */
    record Figures(
            long invocations,
            long inits,
            long restores,
            Optional<Double> initP50Ms,
            Optional<Double> initP99Ms,
            Optional<Double> restoreP50Ms,
            Optional<Double> restoreP99Ms,
            Optional<Double> billedRestoreP50Ms,
            Optional<Double> billedRestoreP99Ms,
            Optional<Double> durationP50Ms,
            Optional<Double> durationP99Ms,
            Optional<Double> maxMemoryUsedMb,
            Optional<Integer> memorySizeMb) {

        double coldRatio() {
            return invocations == 0 ? 0 : (double) (inits + restores) / invocations;
        }
    }

    private ReportQuery() {}

    /** The query text. */
    static String text() {
        List<String> lines = new ArrayList<>();
        lines.add("filter @type = \"REPORT\"");
        Arrays.stream(ReportField.values()).forEach(f -> lines.add("| parse @message /" + f.pattern + "/"));
        lines.add("| stats count(*) as invocations,"
                + " count(" + ReportField.INIT_DURATION.name + ") as inits,"
                + " count(" + ReportField.RESTORE_DURATION.name + ") as restores,"
                + percentiles(ReportField.INIT_DURATION, "initP")
                + percentiles(ReportField.RESTORE_DURATION, "restoreP")
                + percentiles(ReportField.BILLED_RESTORE_DURATION, "billedRestoreP")
                + percentiles(ReportField.DURATION, "durationP")
                + " max(" + ReportField.MAX_MEMORY_USED.name + ") as maxMemoryUsedMb,"
                + " max(" + ReportField.MEMORY_SIZE.name + ") as memorySizeMb");
        return String.join("\n", lines);
    }

    private static String percentiles(ReportField field, String prefix) {
        return " pct(%s, 50) as %s50Ms, pct(%s, 99) as %s99Ms,".formatted(field.name, prefix, field.name, prefix);
    }

    /**
     * The figures of the query's answer: its rows as field/value pairs. No row (no REPORT line in the window) is zero
     * invocations; a statistic of no value is absent (Logs Insights leaves it out or empty).
     */
    static Figures figures(List<Map<String, String>> rows) {
        if (rows.size() > 1) {
            throw new IllegalStateException("the REPORT query answers one row, not " + rows.size() + ": "
                    + rows.stream().map(Map::toString).collect(Collectors.joining("; ")));
        }
        Map<String, String> row = rows.isEmpty() ? Map.of() : rows.get(0);
        return new Figures(
                count(row, "invocations"),
                count(row, "inits"),
                count(row, "restores"),
                number(row, "initP50Ms"),
                number(row, "initP99Ms"),
                number(row, "restoreP50Ms"),
                number(row, "restoreP99Ms"),
                number(row, "billedRestoreP50Ms"),
                number(row, "billedRestoreP99Ms"),
                number(row, "durationP50Ms"),
                number(row, "durationP99Ms"),
                number(row, "maxMemoryUsedMb"),
                number(row, "memorySizeMb").map(Double::intValue));
    }

    private static long count(Map<String, String> row, String field) {
        return number(row, field).map(Double::longValue).orElse(0L);
    }

    private static Optional<Double> number(Map<String, String> row, String field) {
        String value = row.get(field);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Double.parseDouble(value));
    }
}
