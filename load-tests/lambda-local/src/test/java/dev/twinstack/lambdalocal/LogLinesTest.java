package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The platform log lines follow the format Lambda writes to CloudWatch Logs. */
class LogLinesTest {

    private static final String REQUEST_ID = "8f507cfc-xmpl-4697-b07a-ac58fc914c95";
    /** Lambda's REPORT line: tab-separated fields, a trailing tab, Init Duration last and optional. */
    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: [0-9a-z-]{36}\\tDuration: \\d+\\.\\d{2} ms"
            + "\\tBilled Duration: \\d+ ms\\tMemory Size: \\d+ MB\\tMax Memory Used: \\d+ MB\\t"
            + "((Init Duration: \\d+\\.\\d{2} ms\\t)"
            + "|(Restore Duration: \\d+\\.\\d{2} ms\\tBilled Restore Duration: \\d+ ms\\t))?");

    @Test
    void writesAWarmReportWithoutInitDuration() {
        String line = LogLines.report(REQUEST_ID, 12.345, 13, 512, 87, null, null, null);

        assertTrue(REPORT.matcher(line).matches(), line);
        assertEquals(
                "REPORT RequestId: " + REQUEST_ID
                        + "\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 87 MB\t",
                line);
        assertFalse(line.contains("Init Duration"));
    }

    @Test
    void writesInitDurationLastOnAColdStart() {
        String line = LogLines.report(REQUEST_ID, 40.5, 3354, 1024, 150, 3312.8, null, null);

        assertTrue(REPORT.matcher(line).matches(), line);
        assertTrue(line.endsWith("\tMax Memory Used: 150 MB\tInit Duration: 3312.80 ms\t"), line);
        assertTrue(line.contains("\tBilled Duration: 3354 ms\t"), line);
    }

    @Test
    void writesRestoreDurationThenBilledRestoreDurationOnARestore() {
        String line = LogLines.report(REQUEST_ID, 306.34, 610, 1024, 155, null, 511.25, 303L);

        assertTrue(REPORT.matcher(line).matches(), line);
        assertTrue(
                line.endsWith(
                        "\tMax Memory Used: 155 MB\tRestore Duration: 511.25 ms\tBilled Restore Duration: 303 ms\t"),
                line);
        assertFalse(line.contains("Init Duration"));
    }

    @Test
    void writesFailedInitsAndRestoresWithTheirStatus() {
        assertEquals(
                "INIT_REPORT Init Duration: 10000.50 ms\tPhase: init\tStatus: timeout",
                LogLines.initReport(10000.5, "timeout", null));
        assertEquals(
                "RESTORE_REPORT Restore Duration: 12.00 ms\tStatus: error\tError Type: Runtime.AfterRestoreError",
                LogLines.restoreReport(12, "error", "Runtime.AfterRestoreError"));
    }

    @Test
    void writesStartAndEndAsLambdaDoes() {
        assertEquals("START RequestId: " + REQUEST_ID + " Version: $LATEST", LogLines.start(REQUEST_ID));
        assertEquals("END RequestId: " + REQUEST_ID, LogLines.end(REQUEST_ID));
    }
}
