package dev.twinstack.lab;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** pgbench, the benchmark's database baseline: the command that runs a custom script, and what its report says. */
final class Pgbench {

    /**
     * One pgbench run as its report gives it.
     *
     * @param transactions transactions processed (failed ones not included)
     * @param failed failed transactions (0 where this pgbench does not report them)
     * @param tps transactions per second, without the initial connection time
     * @param latencyMs average latency of a transaction
     */
    record Report(long transactions, long failed, double tps, double latencyMs) {}

    private static final Pattern PROCESSED = Pattern.compile("^number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("^number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("^tps = ([\\d.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("^latency average = ([\\d.]+) ms");

    private Pgbench() {}

    /**
     * The script on {@code connections} clients over {@code threads} threads, with prepared statements as pgjdbc uses
     * them once a statement repeats; no vacuum first (the tables are the service's, not pgbench's own).
     */
    static List<String> command(
            int threads, int connections, Duration duration, String script, int port, String user, String database) {
        return List.of(
                "pgbench",
                "-n",
                "-M",
                "prepared",
                "-f",
                script,
                "-c",
                Integer.toString(connections),
                "-j",
                Integer.toString(threads),
                "-T",
                Long.toString(duration.toSeconds()),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                user,
                database);
    }

    /** Reads the report pgbench prints; fails when it has no transaction count or rate. */
    static Report parse(List<String> lines) {
        long processed = -1;
        long failed = 0;
        double tps = -1;
        double latency = Double.NaN;
        for (String line : lines) {
            Matcher m;
            if ((m = PROCESSED.matcher(line)).find()) {
                processed = Long.parseLong(m.group(1));
            } else if ((m = FAILED.matcher(line)).find()) {
                failed = Long.parseLong(m.group(1));
            } else if ((m = TPS.matcher(line)).find()) {
                tps = Double.parseDouble(m.group(1));
            } else if ((m = LATENCY.matcher(line)).find()) {
                latency = Double.parseDouble(m.group(1));
            }
        }
        if (processed < 0 || tps < 0) {
            throw new IllegalArgumentException(
                    "not a pgbench report (no transaction count or tps line):\n" + String.join("\n", lines));
        }
        return new Report(processed, failed, tps, latency);
    }
}
