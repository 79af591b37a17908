package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** wrk's and pgbench's reports as the benchmark reads them, on output the tools printed here. */
class BenchmarkParsingTest {

    @Test
    void readsWrkRequestsDurationAndPercentiles() throws IOException {
        Wrk.Report report = Wrk.parse(lines("wrk-read.txt"));

        assertEquals(new Wrk.Report(2484, 5.05, 0, 0, 11.36, 337.40), report);
        assertEquals(2484 / 5.05, report.okPerSecond(), 1e-9);
    }

    @Test
    void countsNon2xxResponsesAsFailuresNotThroughput() throws IOException {
        Wrk.Report report = Wrk.parse(lines("wrk-non2xx.txt"));

        assertEquals(3945, report.non2xx());
        assertEquals(0, report.okPerSecond());
        assertEquals(0.88, report.p50Ms());
        assertEquals(4.61, report.p99Ms());
    }

    @Test
    void addsUpWrkSocketErrorsAndConvertsUnits() {
        Wrk.Report report = Wrk.parse(List.of(
                "     50%  812.00us",
                "     99%    1.20s",
                "  100 requests in 1.00m, 1.00KB read",
                "  Socket errors: connect 1, read 2, write 3, timeout 4"));

        assertEquals(new Wrk.Report(100, 60, 0, 10, 0.812, 1200), report);
    }

    @Test
    void rejectsOutputWithoutAWrkReport() {
        assertThrows(IllegalArgumentException.class, () -> Wrk.parse(List.of("unable to connect to 127.0.0.1:1")));
    }

    @Test
    void readsPgbenchTransactionsFailuresRateAndLatency() throws IOException {
        assertEquals(new Pgbench.Report(134_595, 0, 27269.583216, 0.293), Pgbench.parse(lines("pgbench-read.txt")));
        assertEquals(new Pgbench.Report(29_584, 0, 5984.158889, 1.337), Pgbench.parse(lines("pgbench-order.txt")));
    }

    @Test
    void readsPgbenchFailedTransactions() {
        Pgbench.Report report = Pgbench.parse(List.of(
                "number of transactions actually processed: 90",
                "number of failed transactions: 10 (10.000%)",
                "tps = 9.000000 (without initial connection time)"));

        assertEquals(10, report.failed());
    }

    @Test
    void rejectsOutputWithoutAPgbenchReport() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Pgbench.parse(List.of("pgbench: error: connection to server failed")));
    }

    @Test
    void readsTheMillisecondsMeasureStartPrints() {
        assertEquals(4321, Benchmark.startMillis(List.of("jdk17-plain 4321 ms"), "jdk17-plain"));
        assertThrows(
                IllegalStateException.class,
                () -> Benchmark.startMillis(List.of("jdk17-plain: the server exited; see log"), "jdk17-plain"));
    }

    @Test
    void namesTheToolsMissingFromThePath() {
        assertEquals(List.of(), Benchmark.missingTools(List.of("sh"), "/nowhere:/bin"));
        assertEquals(List.of("wrk", "pgbench"), Benchmark.missingTools(List.of("wrk", "pgbench"), "/nowhere"));
    }

    static List<String> lines(String fixture) throws IOException {
        try (InputStream in = BenchmarkParsingTest.class.getResourceAsStream("/benchmark/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
