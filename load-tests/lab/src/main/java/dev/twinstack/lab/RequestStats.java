package dev.twinstack.lab;

import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Flows;
import dev.twinstack.results.Latency;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Requests;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.Second;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * What the clients saw, from the scenario's request log: latency percentiles of the successful requests (all, cold,
 * warm) and, apart, of the failed ones, throughput and errors per second, errors by cause, and the flows that failed.
 * A request is cold when the target marked it as an instance's first. A failed request never enters the successful
 * requests' percentiles: a fast refusal would pull them down and a timeout up.
 */
final class RequestStats {

    /** Latencies up to an hour, in ms. */
    static final long HIGHEST_MS = 3_600_000L;

    /** What one second collects while the log is read. */
    private static final class Bucket {
        int requests;
        int errors;
        final Map<ErrorCause, Integer> causes = new EnumMap<>(ErrorCause.class);
        final Histogram latency = new Histogram(HIGHEST_MS, 2);
    }

    private RequestStats() {}

    /**
     * The statistics of a request log.
     *
     * @param causes why a request failed (empty for a success); called once per request, in the order they ended
     */
    static Requests read(Path requestLog, long startEpochMs, Function<RequestRecord, Optional<ErrorCause>> causes) {
        return of(Files.exists(requestLog) ? ResultsJson.readRequestLog(requestLog) : List.of(), startEpochMs, causes);
    }

    static Requests of(
            List<RequestRecord> log, long startEpochMs, Function<RequestRecord, Optional<ErrorCause>> causes) {
        Histogram all = new Histogram(HIGHEST_MS, 3);
        Histogram cold = new Histogram(HIGHEST_MS, 3);
        Histogram warm = new Histogram(HIGHEST_MS, 3);
        Histogram failed = new Histogram(HIGHEST_MS, 3);
        Map<String, RequestRecord> lastOfFlow = new java.util.LinkedHashMap<>();
        Map<String, Boolean> lastFailed = new java.util.HashMap<>();
        boolean everyFlowKnown = !log.isEmpty();
        List<Long> coldLatencies = new ArrayList<>();
        Map<ErrorCause, Long> errorsByCause = new EnumMap<>(ErrorCause.class);
        TreeMap<Long, Bucket> perSecond = new TreeMap<>();
        long errors = 0;
        List<RequestRecord> inOrder = new ArrayList<>(log);
        inOrder.sort(Comparator.comparingLong(RequestRecord::endEpochMs));
        for (RequestRecord r : inOrder) {
            long second = Math.max(0, (r.endEpochMs() - startEpochMs) / 1000);
            Bucket bucket = perSecond.computeIfAbsent(second, s -> new Bucket());
            bucket.requests++;
            Optional<ErrorCause> cause = causes.apply(r);
            if (cause.isPresent()) {
                errors++;
                bucket.errors++;
                bucket.causes.merge(cause.get(), 1, Integer::sum);
                errorsByCause.merge(cause.get(), 1L, Long::sum);
                r.latencyMs().ifPresent(failed::recordValue);
            } else {
                r.latencyMs().ifPresent(ms -> {
                    bucket.latency.recordValue(ms);
                    all.recordValue(ms);
                    (r.cold() ? cold : warm).recordValue(ms);
                    if (r.cold()) {
                        coldLatencies.add(ms);
                    }
                });
            }
            if (r.flow().isPresent()) {
                // In the order requests ended, the last one seen of a flow is where it ended.
                lastOfFlow.remove(r.flow().get());
                lastOfFlow.put(r.flow().get(), r);
                lastFailed.put(r.flow().get(), cause.isPresent());
            } else {
                everyFlowKnown = false;
            }
        }
        List<Second> timeline = new ArrayList<>();
        if (!perSecond.isEmpty()) {
            // Dense, one entry per second: idle gaps show as zeros rather than vanishing from a chart.
            for (long t = 0; t <= perSecond.lastKey(); t++) {
                Bucket b = perSecond.getOrDefault(t, new Bucket());
                timeline.add(new Second(
                        t,
                        b.requests,
                        b.errors,
                        b.causes,
                        percentile(b.latency, 50),
                        percentile(b.latency, 95),
                        percentile(b.latency, 99)));
            }
        }
        long requests = inOrder.size();
        double seconds = timeline.isEmpty()
                ? 1
                : Math.max(
                        1,
                        timeline.get(timeline.size() - 1).t() - timeline.get(0).t() + 1);
        return new Requests(
                requests,
                errors,
                requests == 0 ? 0 : (double) errors / requests,
                errorsByCause,
                new Latency(percentiles(all), percentiles(cold), percentiles(warm), percentiles(failed)),
                coldLatencies,
                timeline,
                requests / seconds,
                everyFlowKnown ? Optional.of(flows(lastOfFlow, lastFailed)) : Optional.empty());
    }

    /**
     * A flow stops at its first failed step (a write is retried first, while attempts are left): a flow failed when
     * the last request it sent failed, and it stopped at that request's step.
     */
    private static Flows flows(Map<String, RequestRecord> lastOfFlow, Map<String, Boolean> lastFailed) {
        Map<String, Long> failedAt = new java.util.LinkedHashMap<>();
        lastOfFlow.values().stream()
                .filter(r -> lastFailed.get(r.flow().orElseThrow()))
                .sorted(Comparator.comparingLong(RequestRecord::endEpochMs))
                .forEach(r -> failedAt.merge(r.request(), 1L, Long::sum));
        long failed = failedAt.values().stream().mapToLong(Long::longValue).sum();
        return new Flows(lastOfFlow.size(), failed, failedAt);
    }

    /** p50, p95, p99 and max of what a histogram holds, as HdrHistogram gives them (to its significant digits). */
    static Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return Percentiles.NONE;
        }
        return new Percentiles(
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getMaxValue());
    }

    private static Optional<Double> percentile(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Optional.empty() : Optional.of((double) h.getValueAtPercentile(percentile));
    }
}
