package dev.twinstack.lab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link Benchmark} run measured, as it writes it to {@code benchmark.json} and reads it back: the one record
 * type for the file, the printed table and the README's table.
 *
 * @param schema the version of this layout
 * @param date when the run started (ISO-8601)
 * @param machine where it ran
 * @param settings how it ran
 * @param read the primary-key read against pgbench's same statements
 * @param order the order placement against pgbench's same statements
 * @param coldStart function.zip under AWS's runtime interface client against the server build, each from process start
 *     to the first database-backed 200
 * @param lambda one Lambda environment under steady load
 * @param startTimes the server build's start to ready, per variant
 * @param functionZipBytes the size of function.zip as deploy-lambda builds it
 */
record BenchmarkResult(
        int schema,
        String date,
        Machine machine,
        Settings settings,
        Throughput read,
        Throughput order,
        ColdStart coldStart,
        LambdaSteady lambda,
        List<StartTime> startTimes,
        long functionZipBytes) {

    static final int SCHEMA = 1;

    /**
     * @param cpus the CPUs this JVM sees
     * @param loadBefore {@code /proc/loadavg}'s 1-, 5- and 15-minute averages when the run started
     * @param loadAfter the same when it ended
     * @param java the JDK the benchmark, the server build and the plain start variants ran on
     * @param os the operating system and kernel
     */
    record Machine(int cpus, String loadBefore, String loadAfter, String java, String os) {}

    /**
     * @param seconds how long each throughput measurement and the Lambda's steady load ran
     * @param warmup how long each of them was preceded by the same load, not measured
     * @param connections wrk's connections and pgbench's clients: the server build's pool size
     * @param threads wrk's and pgbench's threads
     * @param seedUsers the users the reads and orders pick from at random
     * @param startRounds rounds of the start-time variants (interleaved)
     */
    record Settings(int seconds, int warmup, int connections, int threads, int seedUsers, int startRounds) {}

    /**
     * One operation through the server build (wrk) and as plain SQL (pgbench), each with the same connections.
     *
     * @param serverPerSecond the server's successful responses per second
     * @param serverRequests responses the server gave
     * @param serverFailures non-2xx responses and socket errors
     * @param pgbenchPerSecond pgbench's transactions per second
     * @param pgbenchTransactions transactions pgbench completed
     * @param pgbenchFailed transactions pgbench reported failed
     * @param ratio the server's rate ÷ pgbench's
     * @param serverCpuSecondsPerRequest CPU-seconds of the server process per successful response
     * @param databaseCpuSecondsPerRequest CPU-seconds of PostgreSQL (all its processes) per successful response, while
     *     the server was under load
     * @param databaseCpuSecondsPerTransaction CPU-seconds of PostgreSQL per pgbench transaction
     * @param serverP50Ms the server's median latency as wrk saw it
     * @param serverP99Ms its 99th percentile
     */
    record Throughput(
            double serverPerSecond,
            long serverRequests,
            long serverFailures,
            double pgbenchPerSecond,
            long pgbenchTransactions,
            long pgbenchFailed,
            double ratio,
            double serverCpuSecondsPerRequest,
            double databaseCpuSecondsPerRequest,
            double databaseCpuSecondsPerTransaction,
            double serverP50Ms,
            double serverP99Ms) {

        /**
         * From the two reports and the CPU-seconds the processes used during each: the server and the database while
         * wrk ran, the database while pgbench ran.
         */
        static Throughput of(
                Wrk.Report server,
                double serverCpuSeconds,
                double databaseCpuSecondsUnderServer,
                Pgbench.Report pgbench,
                double databaseCpuSecondsUnderPgbench) {
            long ok = server.okRequests();
            return new Throughput(
                    server.okPerSecond(),
                    server.requests(),
                    server.non2xx() + server.socketErrors(),
                    pgbench.tps(),
                    pgbench.transactions(),
                    pgbench.failed(),
                    BenchmarkResult.ratio(server.okPerSecond(), pgbench.tps()),
                    BenchmarkResult.ratio(serverCpuSeconds, ok),
                    BenchmarkResult.ratio(databaseCpuSecondsUnderServer, ok),
                    BenchmarkResult.ratio(databaseCpuSecondsUnderPgbench, pgbench.transactions()),
                    server.p50Ms(),
                    server.p99Ms());
        }
    }

    /**
     * @param lambdaMs function.zip: process start to the first database-backed 200 through the local Lambda service
     * @param serverMs the server build: process start to the first database-backed 200
     * @param ratio {@code lambdaMs ÷ serverMs}
     */
    record ColdStart(double lambdaMs, double serverMs, double ratio) {

        static ColdStart of(double lambdaMs, double serverMs) {
            return new ColdStart(lambdaMs, serverMs, BenchmarkResult.ratio(lambdaMs, serverMs));
        }
    }

    /**
     * @param memoryMb the memory size the template deploys
     * @param cpuShare the vCPU that memory size gets
     * @param limitsEnforced whether the CPU share and memory limit were enforced (control groups), and how
     * @param maxMemoryUsedMb Max Memory Used, as REPORT gives it, of the environment at the end of the steady load
     * @param warmInvocations warm invocations during the steady load
     * @param failures requests of the steady load that got no 2xx (non-2xx answers and socket errors)
     * @param throttles of those, invocations throttled: with one environment, a request that arrives before the
     *     environment is done with the previous invocation is throttled, as on Lambda at reserved concurrency 1
     * @param warmP50Ms median warm Duration
     * @param warmP99Ms 99th percentile warm Duration
     */
    record LambdaSteady(
            int memoryMb,
            double cpuShare,
            String limitsEnforced,
            long maxMemoryUsedMb,
            long warmInvocations,
            long failures,
            long throttles,
            double warmP50Ms,
            double warmP99Ms) {}

    /**
     * @param variant which JDK and which archive
     * @param runsMs each round's start to ready, in the order run; empty when not measured
     * @param note why it was not measured, or what to know about it
     */
    record StartTime(String variant, List<Long> runsMs, String note) {

        /** The median of the runs; -1 when there are none. */
        double medianMs() {
            return runsMs.isEmpty()
                    ? -1
                    : percentile(runsMs.stream().mapToDouble(Long::doubleValue).toArray(), 50);
        }
    }

    /** {@code numerator ÷ denominator}, or 0 when the denominator is not positive (nothing was measured). */
    static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : 0;
    }

    /** The nearest-rank percentile (the smallest value with at least p % of the values at or below it); NaN if none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    static BenchmarkResult read(Path file) throws IOException {
        BenchmarkResult result = JSON.readValue(file.toFile(), BenchmarkResult.class);
        if (result.schema() != SCHEMA) {
            throw new IOException(file + " has schema " + result.schema() + ", this reader knows " + SCHEMA);
        }
        return result;
    }

    /** The figures as a Markdown table (what the benchmark prints and the README shows). */
    List<String> table() {
        List<String> rows = new ArrayList<>();
        rows.add("| figure | measured | baseline | ratio |");
        rows.add("| --- | --- | --- | --- |");
        throughputRows(rows, "primary-key read `GET /api/users/{id}`", read);
        throughputRows(rows, "order placement `POST /api/orders`", order);
        rows.add(row(
                "cold start, process start → first database-backed 200",
                "function.zip (RIC) " + millis(coldStart.lambdaMs()),
                "server build " + millis(coldStart.serverMs()),
                fmt("%.2f", coldStart.ratio())));
        rows.add(row(
                "Lambda Max Memory Used at steady load (%d MB, %.2f vCPU)"
                        .formatted(lambda.memoryMb(), lambda.cpuShare()),
                lambda.maxMemoryUsedMb() + " MB",
                "",
                ""));
        rows.add(row(
                "Lambda warm Duration p50 / p99 (%d invocations; %d requests failed, %d of them throttled)"
                        .formatted(lambda.warmInvocations(), lambda.failures(), lambda.throttles()),
                fmt("%.1f ms / %.1f ms", lambda.warmP50Ms(), lambda.warmP99Ms()),
                "",
                ""));
        double plain17 = median("JDK 17, plain");
        double plain25 = median("JDK 25, plain");
        for (StartTime start : startTimes) {
            double base = start.variant().startsWith("JDK 25") ? plain25 : plain17;
            rows.add(row(
                    "server start → ready: " + start.variant(),
                    start.runsMs().isEmpty()
                            ? "not measured: " + start.note()
                            : millis(start.medianMs()) + " (median of "
                                    + start.runsMs().size() + ")",
                    start.runsMs().isEmpty() || start.variant().endsWith("plain") ? "" : "plain " + millis(base),
                    start.runsMs().isEmpty() || start.variant().endsWith("plain") || base <= 0
                            ? ""
                            : fmt("%.2f", start.medianMs() / base)));
        }
        rows.add(
                row("function.zip size", fmt("%.1f MB (%,d bytes)", functionZipBytes / 1e6, functionZipBytes), "", ""));
        return rows;
    }

    private double median(String variant) {
        return startTimes.stream()
                .filter(s -> s.variant().equals(variant))
                .mapToDouble(StartTime::medianMs)
                .findFirst()
                .orElse(-1);
    }

    private static void throughputRows(List<String> rows, String what, Throughput t) {
        rows.add(row(
                what + ", throughput",
                fmt("%.0f/s (%d failed)", t.serverPerSecond(), t.serverFailures()),
                fmt("pgbench %.0f/s (%d failed)", t.pgbenchPerSecond(), t.pgbenchFailed()),
                fmt("%.3f", t.ratio())));
        rows.add(row(
                what + ", CPU-ms per request: server / PostgreSQL",
                fmt("%.2f / %.2f", t.serverCpuSecondsPerRequest() * 1000, t.databaseCpuSecondsPerRequest() * 1000),
                fmt("PostgreSQL under pgbench %.2f", t.databaseCpuSecondsPerTransaction() * 1000),
                ""));
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String millis(double ms) {
        return ms < 0 ? "-" : fmt("%,.0f ms", ms);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
