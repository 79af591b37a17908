package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's arithmetic, worked by hand, and its JSON written and read back through the one record type. */
class BenchmarkResultTest {

    private static final Wrk.Report SERVER = new Wrk.Report(1_000, 10, 100, 5, 12.5, 80);
    private static final Pgbench.Report PGBENCH = new Pgbench.Report(30_000, 0, 3_000, 2.6);

    @Test
    void throughputRatioIsTheServersSuccessfulRateOverPgbenchs() {
        BenchmarkResult.Throughput t = BenchmarkResult.Throughput.of(SERVER, 18, 4.5, PGBENCH, 6);

        assertEquals(90, t.serverPerSecond(), 1e-9);
        assertEquals(105, t.serverFailures());
        assertEquals(0.03, t.ratio(), 1e-9);
    }

    @Test
    void cpuPerRequestDividesBySuccessfulResponsesAndPerTransactionByTransactions() {
        BenchmarkResult.Throughput t = BenchmarkResult.Throughput.of(SERVER, 18, 4.5, PGBENCH, 6);

        assertEquals(0.02, t.serverCpuSecondsPerRequest(), 1e-12);
        assertEquals(0.005, t.databaseCpuSecondsPerRequest(), 1e-12);
        assertEquals(0.0002, t.databaseCpuSecondsPerTransaction(), 1e-12);
    }

    @Test
    void coldStartRatioIsLambdaOverServer() {
        assertEquals(1.5, BenchmarkResult.ColdStart.of(6_000, 4_000).ratio(), 1e-9);
    }

    @Test
    void aRatioOverNothingMeasuredIsZero() {
        assertEquals(0, BenchmarkResult.ratio(5, 0));
    }

    @Test
    void percentilesAreNearestRank() {
        double[] values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};

        assertEquals(5, BenchmarkResult.percentile(values, 50));
        assertEquals(10, BenchmarkResult.percentile(values, 99));
        assertEquals(1, BenchmarkResult.percentile(values, 1));
        assertEquals(3, BenchmarkResult.percentile(new double[] {4, 1, 3, 2}, 60));
        assertTrue(Double.isNaN(BenchmarkResult.percentile(new double[0], 50)));
    }

    @Test
    void writesAndReadsBackTheSameResult(@TempDir Path dir) throws IOException {
        BenchmarkResult result = sample();
        Path file = dir.resolve("benchmark.json");

        result.write(file);

        assertEquals(result, BenchmarkResult.read(file));
    }

    @Test
    void refusesAnotherSchema(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("benchmark.json");
        sample().write(file);
        Files.writeString(file, Files.readString(file).replace("\"schema\" : 1", "\"schema\" : 99"));

        assertThrows(IOException.class, () -> BenchmarkResult.read(file));
    }

    @Test
    void tableGivesEveryFigureAndStartRatiosAgainstTheSameJdksPlainStart() {
        List<String> table = sample().table();
        String text = String.join("\n", table);

        assertTrue(text.contains("| 0.030 |"), text);
        assertTrue(
                text.contains("| cold start, process start → first database-backed 200 | function.zip (RIC) 6,000 ms"
                        + " | server build 4,000 ms | 1.50 |"),
                text);
        assertTrue(text.contains("AppCDS (`x`) | 3,000 ms (median of 3) | plain 4,000 ms | 0.75 |"), text);
        assertTrue(text.contains("JDK 25, AOT cache | not measured: no JDK 25 |"), text);
        assertTrue(text.contains("| function.zip size | 46.1 MB (46,100,000 bytes) |"), text);
        assertTrue(text.contains("| 168 MB |"), text);
        assertTrue(
                text.contains("(120 invocations; 2 requests failed, 1 of them throttled) | 9.5 ms / 40.3 ms |"), text);
    }

    private static BenchmarkResult sample() {
        BenchmarkResult.Throughput t = BenchmarkResult.Throughput.of(SERVER, 18, 4.5, PGBENCH, 6);
        return new BenchmarkResult(
                BenchmarkResult.SCHEMA,
                "2026-12-01T14:00:00Z",
                new BenchmarkResult.Machine(2, "10.0 9.0 8.0", "11.0 9.5 8.1", "OpenJDK 17", "Linux 6.1"),
                new BenchmarkResult.Settings(10, 5, 8, 2, 10_000, 3),
                t,
                t,
                BenchmarkResult.ColdStart.of(6_000, 4_000),
                new BenchmarkResult.LambdaSteady(1024, 0.58, "cgroup v1", 168, 120, 2, 1, 9.5, 40.25),
                List.of(
                        new BenchmarkResult.StartTime("JDK 17, plain", List.of(4_100L, 3_900L, 4_000L), ""),
                        new BenchmarkResult.StartTime("JDK 17, AppCDS (`x`)", List.of(3_000L, 2_900L, 3_100L), ""),
                        new BenchmarkResult.StartTime("JDK 25, plain", List.of(), "no JDK 25"),
                        new BenchmarkResult.StartTime("JDK 25, AOT cache", List.of(), "no JDK 25")),
                46_100_000);
    }
}
