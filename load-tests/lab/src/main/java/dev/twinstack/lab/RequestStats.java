package dev.twinstack.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What the clients saw, from the scenario's request log: latency percentiles (all, cold, warm), throughput and errors
 * per second, errors by cause. A request is cold when the target marked it as an instance's first.
 */
final class RequestStats {

    record Percentiles(long count, double p50, double p95, double p99, double max) {

        static Percentiles of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0);
            }
            return new Percentiles(
                    h.getTotalCount(),
                    h.getValueAtPercentile(50),
                    h.getValueAtPercentile(95),
                    h.getValueAtPercentile(99),
                    h.getMaxValue());
        }
    }

    record Second(long t, int requests, int errors) {}

    record Summary(
            long requests,
            long errors,
            double errorRatio,
            Map<String, Long> errorsByCause,
            Map<String, Percentiles> latencyMs,
            List<Long> coldLatenciesMs,
            List<Second> timeline,
            double meanThroughputRps) {}

    private RequestStats() {}

    static Summary read(Path requestLog, long startEpochMs) {
        ObjectMapper json = new ObjectMapper();
        Histogram all = new Histogram(3_600_000L, 3);
        Histogram cold = new Histogram(3_600_000L, 3);
        Histogram warm = new Histogram(3_600_000L, 3);
        List<Long> coldLatencies = new ArrayList<>();
        Map<String, Long> causes = new TreeMap<>();
        TreeMap<Long, int[]> perSecond = new TreeMap<>();
        long requests = 0;
        long errors = 0;
        if (Files.exists(requestLog)) {
            try {
                for (String line : Files.readAllLines(requestLog)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode r = json.readTree(line);
                    requests++;
                    int status = r.get("status").asInt();
                    long ms = r.get("ms").asLong();
                    boolean isCold = r.get("cold").asBoolean();
                    String cause = causeOf(status);
                    long second = Math.max(0, (r.get("t").asLong() - startEpochMs) / 1000);
                    int[] bucket = perSecond.computeIfAbsent(second, s -> new int[2]);
                    bucket[0]++;
                    if (cause != null) {
                        errors++;
                        bucket[1]++;
                        causes.merge(cause, 1L, Long::sum);
                    }
                    if (ms >= 0) {
                        all.recordValue(ms);
                        (isCold ? cold : warm).recordValue(ms);
                        if (isCold) {
                            coldLatencies.add(ms);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + requestLog, e);
            }
        }
        List<Second> timeline = new ArrayList<>();
        if (!perSecond.isEmpty()) {
            // Dense, one entry per second: idle gaps show as zeros rather than vanishing from a chart.
            for (long t = 0; t <= perSecond.lastKey(); t++) {
                int[] b = perSecond.getOrDefault(t, new int[2]);
                timeline.add(new Second(t, b[0], b[1]));
            }
        }
        Map<String, Percentiles> latency = new LinkedHashMap<>();
        latency.put("all", Percentiles.of(all));
        latency.put("cold", Percentiles.of(cold));
        latency.put("warm", Percentiles.of(warm));
        double seconds = timeline.isEmpty()
                ? 1
                : Math.max(
                        1,
                        timeline.get(timeline.size() - 1).t() - timeline.get(0).t() + 1);
        return new Summary(
                requests,
                errors,
                requests == 0 ? 0 : (double) errors / requests,
                causes,
                latency,
                coldLatencies,
                timeline,
                requests / seconds);
    }

    /**
     * The cause of a failed request from what the client saw: no response, a throttle (429), saturation (503, the
     * bounded pool's fast refusal), a timeout (504), another server error, or a client error (a bug in the scenario).
     */
    static String causeOf(int status) {
        if (status == 0) {
            return "no-response";
        }
        if (status < 400) {
            return null;
        }
        return switch (status) {
            case 429 -> "throttle";
            case 503 -> "saturation";
            case 504 -> "timeout";
            default -> status >= 500 ? "server-error" : "client-error";
        };
    }
}
