package dev.twinstack.lab;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk, the benchmark's HTTP load generator: the command that runs it, and what its report says. */
final class Wrk {

    /**
     * One wrk run as its report gives it.
     *
     * @param requests responses received
     * @param seconds how long wrk measured
     * @param non2xx responses that were neither 2xx nor 3xx (counted in {@code requests})
     * @param socketErrors connect, read, write errors and timeouts (not in {@code requests})
     * @param p50Ms median latency
     * @param p99Ms 99th percentile latency
     */
    record Report(long requests, double seconds, long non2xx, long socketErrors, double p50Ms, double p99Ms) {

        /** Successful responses per second: failures are reported beside the rate, never counted in it. */
        double okPerSecond() {
            return okRequests() / seconds;
        }

        long okRequests() {
            return requests - non2xx;
        }
    }

    private static final Pattern TOTAL = Pattern.compile("^\\s*(\\d+) requests in ([\\d.]+)(us|ms|s|m|h),");
    private static final Pattern NON_2XX = Pattern.compile("^\\s*Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET =
            Pattern.compile("^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$");

    private Wrk() {}

    static List<String> command(int threads, int connections, Duration duration, String script, String url) {
        return List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                // Wait at most this long for one answer: a stuck request counts as a timeout, not as a latency.
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script,
                url);
    }

    /** Reads the report wrk prints (with {@code --latency}); fails when it has no request count. */
    static Report parse(List<String> lines) {
        long requests = -1;
        double seconds = 0;
        long non2xx = 0;
        long socketErrors = 0;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (String line : lines) {
            Matcher m;
            if ((m = TOTAL.matcher(line)).find()) {
                requests = Long.parseLong(m.group(1));
                seconds = millis(m.group(2), m.group(3)) / 1000;
            } else if ((m = NON_2XX.matcher(line)).find()) {
                non2xx = Long.parseLong(m.group(1));
            } else if ((m = SOCKET.matcher(line)).find()) {
                for (int i = 1; i <= 4; i++) {
                    socketErrors += Long.parseLong(m.group(i));
                }
            } else if ((m = PERCENTILE.matcher(line)).find()) {
                double value = millis(m.group(2), m.group(3));
                if (m.group(1).equals("50")) {
                    p50 = value;
                } else {
                    p99 = value;
                }
            }
        }
        if (requests < 0 || seconds <= 0) {
            throw new IllegalArgumentException(
                    "not a wrk report (no 'N requests in Ts' line):\n" + String.join("\n", lines));
        }
        return new Report(requests, seconds, non2xx, socketErrors, p50, p99);
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }
}
