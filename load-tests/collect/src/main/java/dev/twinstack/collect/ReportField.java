package dev.twinstack.collect;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A field of Lambda's REPORT line, with the one pattern that reads it: the Logs Insights query parses the field out of
 * each REPORT line with it ({@code parse @message /.../}), and {@link #read(String)} reads a line with the same pattern,
 * which is how the tests hold the patterns to the lines of AWS's documentation.
 */
enum ReportField {
    /** Duration follows the request id (Billed, Init and Restore Duration have their own words before it). */
    DURATION("durationMs", "RequestId: \\S+\\s+Duration: (?<durationMs>[0-9.]+) ms"),
    MEMORY_SIZE("memoryMb", "Memory Size: (?<memoryMb>[0-9]+) MB"),
    MAX_MEMORY_USED("memoryUsedMb", "Max Memory Used: (?<memoryUsedMb>[0-9]+) MB"),
    /** An on-demand cold start's init. */
    INIT_DURATION("initMs", "Init Duration: (?<initMs>[0-9.]+) ms"),
    /**
     * A SnapStart restore. Its Billed Restore Duration comes after it, so the first match is this one (the pattern of
     * the query on Lambda's SnapStart monitoring page).
     */
    RESTORE_DURATION("restoreMs", "Restore Duration: (?<restoreMs>[0-9.]+) ms"),
    BILLED_RESTORE_DURATION("billedRestoreMs", "Billed Restore Duration: (?<billedRestoreMs>[0-9.]+) ms");

    /** The name the query gives the parsed value (never one of the statistics' names, which the row carries). */
    final String name;

    /** The regular expression, with one named group: {@link #name}. */
    final String pattern;

    private final Pattern compiled;

    ReportField(String name, String pattern) {
        this.name = name;
        this.pattern = pattern;
        this.compiled = Pattern.compile(pattern);
    }

    /** The fields one REPORT line has, with their values. */
    static Map<ReportField, Double> read(String line) {
        Map<ReportField, Double> fields = new EnumMap<>(ReportField.class);
        for (ReportField field : values()) {
            Matcher m = field.compiled.matcher(line);
            if (m.find()) {
                fields.put(field, Double.parseDouble(m.group(field.name)));
            }
        }
        return fields;
    }
}
