package dev.twinstack.results;

import java.util.List;

/**
 * A metric over the run's window, as its service answered it.
 *
 * @param namespace its namespace ({@code AWS/Lambda}, {@code AWS/RDS}, {@code metrics.k8s.io})
 * @param metric its name, as the service spells it
 * @param dimension what it was read for, e.g. {@code FunctionName=twinstack}
 * @param statistic the statistic of each period ({@code Maximum}, {@code Sum}; {@code sum of pods})
 * @param periodSeconds the length of each period (CloudWatch: 60), or the interval between samples
 * @param points one per period with data, in time order
 */
public record MetricSeries(
        String namespace,
        String metric,
        String dimension,
        String statistic,
        int periodSeconds,
        List<MetricPoint> points) {

    public MetricSeries {
        points = List.copyOf(points);
    }

    /** The largest value, 0 without points. */
    public double max() {
        return points.stream().mapToDouble(MetricPoint::value).max().orElse(0);
    }

    /** The values added up, 0 without points. */
    public double sum() {
        return points.stream().mapToDouble(MetricPoint::value).sum();
    }
}
