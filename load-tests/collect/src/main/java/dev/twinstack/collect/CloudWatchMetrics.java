package dev.twinstack.collect;

import dev.twinstack.results.MetricPoint;
import dev.twinstack.results.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * CloudWatch metrics of a window, read with GetMetricData (all of them in one request, its pages followed), at
 * CloudWatch's standard resolution of one minute.
 */
final class CloudWatchMetrics {

    /** CloudWatch's standard resolution: AWS services publish their metrics per minute. */
    static final int PERIOD_SECONDS = 60;

    /**
     * One metric to read.
     *
     * @param namespace e.g. {@code AWS/Lambda}
     * @param metric e.g. {@code ConcurrentExecutions}
     * @param dimensionName e.g. {@code FunctionName}
     * @param dimensionValue e.g. the function's name
     * @param statistic e.g. {@code Maximum}, {@code Sum}
     */
    record Wanted(String namespace, String metric, String dimensionName, String dimensionValue, String statistic) {}

    private final CloudWatchClient cloudWatch;

    CloudWatchMetrics(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /**
     * Each wanted metric over the minutes that cover {@code start} to {@code end}; its points' {@code t} in seconds from
     * {@code start} (the first period can begin up to a minute before it).
     */
    List<MetricSeries> read(List<Wanted> wanted, Instant start, Instant end) {
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Wanted w = wanted.get(i);
            queries.add(MetricDataQuery.builder()
                    .id("m" + i)
                    .returnData(true)
                    .metricStat(s -> s.period(PERIOD_SECONDS)
                            .stat(w.statistic())
                            .metric(m -> m.namespace(w.namespace())
                                    .metricName(w.metric())
                                    .dimensions(d -> d.name(w.dimensionName()).value(w.dimensionValue()))))
                    .build());
        }
        Instant from = Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), PERIOD_SECONDS) * PERIOD_SECONDS);
        Instant to = Instant.ofEpochSecond(
                Math.floorDiv(end.getEpochSecond() + PERIOD_SECONDS - 1, PERIOD_SECONDS) * PERIOD_SECONDS);
        Map<String, List<MetricPoint>> points = new LinkedHashMap<>();
        String next = null;
        do {
            String token = next;
            GetMetricDataResponse page = cloudWatch.getMetricData(r -> r.metricDataQueries(queries)
                    .startTime(from)
                    .endTime(to.equals(from) ? to.plusSeconds(PERIOD_SECONDS) : to)
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                    .nextToken(token));
            for (MetricDataResult result : page.metricDataResults()) {
                List<MetricPoint> series = points.computeIfAbsent(result.id(), id -> new ArrayList<>());
                for (int i = 0; i < result.timestamps().size(); i++) {
                    series.add(new MetricPoint(
                            (result.timestamps().get(i).toEpochMilli() - start.toEpochMilli()) / 1000.0,
                            result.values().get(i)));
                }
            }
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        List<MetricSeries> series = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Wanted w = wanted.get(i);
            List<MetricPoint> these = new ArrayList<>(points.getOrDefault("m" + i, List.of()));
            these.sort(Comparator.comparingDouble(MetricPoint::t));
            series.add(new MetricSeries(
                    w.namespace(),
                    w.metric(),
                    w.dimensionName() + "=" + w.dimensionValue(),
                    w.statistic(),
                    PERIOD_SECONDS,
                    these));
        }
        return series;
    }
}
