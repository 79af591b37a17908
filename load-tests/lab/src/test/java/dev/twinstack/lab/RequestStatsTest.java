package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.Flows;
import dev.twinstack.results.Percentiles;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Requests;
import dev.twinstack.results.Second;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The statistics of a request log against a set worked by hand. Percentiles are nearest-rank (the smallest value with
 * at least p % of the values at or below it), to HdrHistogram's significant digits: exact below 2,048 ms for the run
 * (3 digits) and below 256 ms per second (2 digits); above, the highest value of the recorded value's bucket.
 */
class RequestStatsTest {

    private static final long START = 1_795_000_000_000L;

    /** Given out of order, as concurrent virtual users may write them. */
    private static final List<RequestRecord> LOG = List.of(
            request(3_900, 201, 5_000, true),
            request(100, 200, 10, false),
            request(200, 200, 20, false),
            request(300, 200, 30, false),
            request(400, 503, 40, false),
            request(500, 200, 50, false),
            request(2_100, 200, 60, false),
            request(2_200, 200, 70, false),
            request(2_300, 500, 80, false),
            request(2_400, 200, 90, false),
            request(2_500, 200, 100, false),
            request(3_100, 200, 3_000, true),
            new RequestRecord(START + 4_500, "find user", 0, Optional.empty(), false));

    private final Requests stats = RequestStats.of(LOG, START, r -> ErrorCause.ofStatus(r.status()));

    @Test
    void countsRequestsAndErrorsByCause() {
        assertEquals(13, stats.requests());
        assertEquals(3, stats.errors());
        assertEquals(3 / 13.0, stats.errorRatio());
        assertEquals(
                Map.of(ErrorCause.SATURATION, 1L, ErrorCause.SERVER_ERROR, 1L, ErrorCause.NO_RESPONSE, 1L),
                stats.errorsByCause());
    }

    @Test
    void takesWarmPercentilesByNearestRankOfTheSuccessfulRequestsOnly() {
        // 10, 20, 30, 50, 60, 70, 90, 100 (40 and 80 failed): p50 is the 4th value, p95 and p99 the 8th (ceil(7.6),
        // ceil(7.92)).
        assertEquals(new Percentiles(8, 50, 100, 100, 100), stats.latencyMs().warm());
    }

    @Test
    void reportsTheFailedRequestsLatencyApart() {
        // The 503 after 40 ms and the 500 after 80 ms; the request without a response has no latency.
        assertEquals(new Percentiles(2, 40, 80, 80, 80), stats.latencyMs().failed());
    }

    @Test
    void keepsThreeSignificantDigitsAbove2048Ms() {
        // 3,000 and 5,000 ms: recorded in buckets 2 and 4 ms wide, read as their highest values, 3,001 and 5,003.
        assertEquals(
                new Percentiles(2, 3_001, 5_003, 5_003, 5_003),
                stats.latencyMs().cold());
        assertEquals(List.of(3_000L, 5_000L), stats.coldLatenciesMs());
    }

    @Test
    void takesAllSuccessfulRequestsTogether() {
        // 10 successful latencies: p50 is the 5th (60 ms); p95 = ceil(9.5) = 10th and p99 = ceil(9.9) = 10th (5,000
        // ms).
        assertEquals(
                new Percentiles(10, 60, 5_003, 5_003, 5_003), stats.latencyMs().all());
    }

    @Test
    void writesOneEntryPerSecondIdleSecondsIncluded() {
        assertEquals(
                List.of(
                        second(0, 5, 1, Map.of(ErrorCause.SATURATION, 1), 20.0, 50.0, 50.0),
                        new Second(1, 0, 0, Map.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                        second(2, 5, 1, Map.of(ErrorCause.SERVER_ERROR, 1), 70.0, 100.0, 100.0),
                        // 2 significant digits per second: 3,000 and 5,000 ms land in buckets 16 and 32 ms wide.
                        second(3, 2, 0, Map.of(), 3_007.0, 5_023.0, 5_023.0),
                        new Second(
                                4,
                                1,
                                1,
                                Map.of(ErrorCause.NO_RESPONSE, 1),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty())),
                stats.timeline());
        assertEquals(13 / 5.0, stats.meanThroughputRps());
    }

    @Test
    void takesEachCauseFromTheTargetWhereItKnowsBetter() {
        Requests lambda = RequestStats.of(
                LOG,
                START,
                r -> r.status() == 500 ? Optional.of(ErrorCause.THROTTLE) : ErrorCause.ofStatus(r.status()));

        assertEquals(Map.of(ErrorCause.THROTTLE, 1), lambda.timeline().get(2).errorsByCause());
        assertEquals(
                Map.of(ErrorCause.SATURATION, 1L, ErrorCause.THROTTLE, 1L, ErrorCause.NO_RESPONSE, 1L),
                lambda.errorsByCause());
    }

    @Test
    void countsTheFlowsThatStoppedAtAFailedStepAndWhere() {
        List<RequestRecord> log = List.of(
                // a: its write failed once, a retry placed it, the flow went on to the end.
                step(100, "a", "find user", 200),
                step(200, "a", "place order", 503),
                step(900, "a", "place order", 201),
                step(1_000, "a", "list orders", 200),
                // b: every attempt at the write failed.
                step(110, "b", "find user", 200),
                step(210, "b", "place order", 503),
                step(800, "b", "place order", 503),
                step(1_500, "b", "place order", 503),
                // c: no answer to its first step.
                step(120, "c", "find user", 0),
                // d: its last step failed.
                step(130, "d", "find user", 200),
                step(230, "d", "place order", 201),
                step(330, "d", "list orders", 500));

        Requests flows = RequestStats.of(log, START, r -> ErrorCause.ofStatus(r.status()));

        assertEquals(
                Optional.of(new Flows(4, 3, Map.of("find user", 1L, "list orders", 1L, "place order", 1L))),
                flows.flows());
        assertEquals(
                List.of("find user", "list orders", "place order"),
                List.copyOf(flows.flows().orElseThrow().failedAt().keySet()));
    }

    @Test
    void countsNoFlowsFromALogWithoutFlowIds() {
        assertEquals(Optional.empty(), stats.flows());
    }

    @Test
    void hasNothingToSayWithoutRequests() {
        Requests none = RequestStats.of(List.of(), START, r -> Optional.empty());

        assertEquals(0, none.requests());
        assertEquals(Percentiles.NONE, none.latencyMs().all());
        assertEquals(List.of(), none.timeline());
    }

    private static RequestRecord request(long atMs, int status, long latencyMs, boolean cold) {
        return new RequestRecord(START + atMs, "place order", status, Optional.of(latencyMs), cold);
    }

    private static RequestRecord step(long atMs, String flow, String request, int status) {
        return new RequestRecord(
                START + atMs,
                request,
                status,
                status == 0 ? Optional.empty() : Optional.of(5L),
                false,
                Optional.empty(),
                false,
                Optional.of(flow));
    }

    private static Second second(
            long t, int requests, int errors, Map<ErrorCause, Integer> causes, double p50, double p95, double p99) {
        return new Second(t, requests, errors, causes, Optional.of(p50), Optional.of(p95), Optional.of(p99));
    }
}
