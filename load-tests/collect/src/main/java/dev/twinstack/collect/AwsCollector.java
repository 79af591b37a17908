package dev.twinstack.collect;

import dev.twinstack.results.CollectedLambda;
import dev.twinstack.results.CollectedProxy;
import dev.twinstack.results.MetricSeries;
import dev.twinstack.results.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * A function's and an RDS Proxy's figures over a window, from CloudWatch: the REPORT lines of the function's log group
 * through one aggregating Logs Insights query, and the metrics of both through GetMetricData.
 */
final class AwsCollector {

    /** The Lambda metrics read: the most environments at once, and the throttles (Lambda's metrics page). */
    static List<CloudWatchMetrics.Wanted> lambdaMetrics(String function) {
        return List.of(
                new CloudWatchMetrics.Wanted("AWS/Lambda", "ConcurrentExecutions", "FunctionName", function, "Maximum"),
                new CloudWatchMetrics.Wanted("AWS/Lambda", "Throttles", "FunctionName", function, "Sum"));
    }

    /**
     * The RDS Proxy metrics read (RDS User Guide, <em>Monitoring RDS Proxy metrics with Amazon CloudWatch</em>): RDS
     * publishes them per instance behind the proxy, so each is summed over the {@code ProxyName} dimension.
     */
    static List<CloudWatchMetrics.Wanted> proxyMetrics(String proxy) {
        return List.of(
                new CloudWatchMetrics.Wanted("AWS/RDS", "DatabaseConnections", "ProxyName", proxy, "Sum"),
                new CloudWatchMetrics.Wanted("AWS/RDS", "ClientConnections", "ProxyName", proxy, "Sum"),
                new CloudWatchMetrics.Wanted(
                        "AWS/RDS", "DatabaseConnectionsCurrentlySessionPinned", "ProxyName", proxy, "Sum"));
    }

    private final CloudWatchLogsClient logs;
    private final CloudWatchMetrics metrics;
    private final Duration queryDeadline;

    AwsCollector(CloudWatchLogsClient logs, CloudWatchClient cloudWatch, Duration queryDeadline) {
        this.logs = logs;
        this.metrics = new CloudWatchMetrics(cloudWatch);
        this.queryDeadline = queryDeadline;
    }

    /** The log group Lambda writes a function's logs to by default. */
    static String logGroup(String function) {
        return "/aws/lambda/" + function;
    }

    CollectedLambda lambda(String function, Instant start, Instant end) throws InterruptedException {
        String group = logGroup(function);
        ReportQuery.Figures f = ReportQuery.figures(new LogsInsights(logs, Duration.ofSeconds(1), queryDeadline)
                .run(group, start, end, ReportQuery.text()));
        List<MetricSeries> series = metrics.read(lambdaMetrics(function), start, end);
        return new CollectedLambda(
                function,
                new Source("CloudWatch Logs Insights, " + group, "per invocation (REPORT lines)"),
                f.invocations(),
                f.inits(),
                f.restores(),
                f.coldRatio(),
                f.initP50Ms(),
                f.initP99Ms(),
                f.restoreP50Ms(),
                f.restoreP99Ms(),
                f.billedRestoreP50Ms(),
                f.billedRestoreP99Ms(),
                f.durationP50Ms(),
                f.durationP99Ms(),
                f.maxMemoryUsedMb(),
                f.memorySizeMb(),
                series);
    }

    CollectedProxy proxy(String proxy, Instant start, Instant end) {
        return new CollectedProxy(proxy, metrics.read(proxyMetrics(proxy), start, end));
    }
}
