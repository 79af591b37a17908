package dev.twinstack.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * Runs one Logs Insights query to its end: StartQuery, then GetQueryResults until the query is complete, StopQuery if
 * it is not done by the deadline (a query keeps running, and costs, until it ends).
 */
final class LogsInsights {

    private final CloudWatchLogsClient logs;
    private final Duration pollEvery;
    private final Duration deadline;

    LogsInsights(CloudWatchLogsClient logs, Duration pollEvery, Duration deadline) {
        this.logs = logs;
        this.pollEvery = pollEvery;
        this.deadline = deadline;
    }

    /** The rows of {@code query} over {@code logGroup} from {@code start} to {@code end}, each as field to value. */
    List<Map<String, String>> run(String logGroup, Instant start, Instant end, String query)
            throws InterruptedException {
        String id = logs.startQuery(q -> q.logGroupName(logGroup)
                        .startTime(start.getEpochSecond())
                        .endTime(end.getEpochSecond())
                        .queryString(query))
                .queryId();
        long until = System.nanoTime() + deadline.toNanos();
        boolean done = false;
        try {
            while (true) {
                GetQueryResultsResponse answer = logs.getQueryResults(r -> r.queryId(id));
                QueryStatus status = answer.status();
                if (status == QueryStatus.COMPLETE) {
                    done = true;
                    return answer.results().stream().map(LogsInsights::row).toList();
                }
                if (status == QueryStatus.FAILED
                        || status == QueryStatus.CANCELLED
                        || status == QueryStatus.TIMEOUT
                        || status == QueryStatus.UNKNOWN_TO_SDK_VERSION) {
                    done = true;
                    throw new IllegalStateException(
                            "the Logs Insights query over " + logGroup + " ended " + answer.statusAsString());
                }
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the Logs Insights query over " + logGroup
                            + " was not complete after " + deadline.toSeconds() + " s (last status "
                            + answer.statusAsString() + "); stopped");
                }
                Thread.sleep(pollEvery.toMillis());
            }
        } finally {
            if (!done) {
                logs.stopQuery(s -> s.queryId(id));
            }
        }
    }

    private static Map<String, String> row(List<ResultField> fields) {
        Map<String, String> row = new LinkedHashMap<>();
        // @ptr identifies the log record of a row; the aggregated row has none worth keeping.
        fields.stream().filter(f -> !f.field().startsWith("@")).forEach(f -> row.put(f.field(), f.value()));
        return row;
    }
}
