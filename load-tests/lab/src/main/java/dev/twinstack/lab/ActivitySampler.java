package dev.twinstack.lab;

import dev.twinstack.results.ConnectionSample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the database's view of one target's connections at a fixed interval: {@code pg_stat_activity} rows whose
 * application name is the target's, by state. A target's connections carry a distinct application name, so the
 * database can tell the targets apart.
 */
final class ActivitySampler implements AutoCloseable {

    private static final String QUERY = """
            SELECT count(*),
                   count(*) FILTER (WHERE state = 'active'),
                   count(*) FILTER (WHERE state = 'idle'),
                   count(*) FILTER (WHERE state LIKE 'idle in transaction%%')
            FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND (%s) AND pid <> pg_backend_pid()
            """;

    /** Opens the sampling connection; again after a failure (the database failover drill cuts it). */
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private Connection connection;
    private final String sql;
    private final long startNanos = System.nanoTime();
    private final List<ConnectionSample> samples = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "activity-sampler");
        t.setDaemon(true);
        return t;
    });

    ActivitySampler(ConnectionSource source, String applicationNamePrefix, long intervalMillis) {
        this.source = source;
        this.sql = QUERY.formatted(condition(applicationNamePrefix));
        timer.scheduleAtFixedRate(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** An application name prefix, or several separated by {@code |} (the hybrid target's two sides). */
    static String condition(String applicationNamePrefixes) {
        return java.util.Arrays.stream(applicationNamePrefixes.split("\\|"))
                .map(prefix -> "application_name LIKE '" + prefix.replace("'", "''") + "%'")
                .collect(java.util.stream.Collectors.joining(" OR "));
    }

    private void sample() {
        try {
            if (connection == null) {
                connection = source.open();
            }
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                samples.add(new ConnectionSample(
                        (System.nanoTime() - startNanos) / 1e9,
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4)));
            }
        } catch (SQLException e) {
            // A missed sample leaves a gap in the chart; the run goes on, on a new connection.
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken.
            }
            connection = null;
        }
    }

    List<ConnectionSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    int peak() {
        return samples().stream().mapToInt(ConnectionSample::total).max().orElse(0);
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }
}
