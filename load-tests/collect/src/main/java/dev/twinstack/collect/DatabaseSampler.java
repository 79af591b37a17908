package dev.twinstack.collect;

import dev.twinstack.results.ConnectionSample;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deployment's database connections, sampled from {@code pg_stat_activity} through a read-only JDBC URL. Any role may
 * read the view, but it shows the state (and the backend type) only of its own sessions unless it has
 * {@code pg_read_all_stats}: grant that to the read-only user, or the service's sessions count in the total with no
 * state. The sampler's own session is left out, and so are the server's background processes it can see.
 */
final class DatabaseSampler implements AutoCloseable {

    static final String QUERY = "SELECT state, count(*) FROM pg_stat_activity"
            + " WHERE (backend_type = 'client backend' OR backend_type IS NULL)"
            + " AND datname = current_database() AND pid <> pg_backend_pid()"
            + " GROUP BY state";

    private final Connection connection;
    private final Instant start;
    private final List<ConnectionSample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler;
    private volatile SQLException failure;

    DatabaseSampler(String jdbcUrl, Duration interval, Instant start) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl);
        connection.setReadOnly(true);
        this.start = start;
        sample();
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(
                () -> {
                    try {
                        sample();
                    } catch (SQLException e) {
                        if (failure == null) {
                            failure = e;
                        }
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() throws SQLException {
        double t = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        int active = 0;
        int idle = 0;
        int idleInTransaction = 0;
        int total = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(QUERY)) {
            while (rows.next()) {
                String state = rows.getString(1);
                int count = rows.getInt(2);
                total += count;
                if ("active".equals(state)) {
                    active += count;
                } else if ("idle".equals(state)) {
                    idle += count;
                } else if (state != null && state.startsWith("idle in transaction")) {
                    idleInTransaction += count;
                }
            }
        }
        samples.add(new ConnectionSample(t, total, active, idle, idleInTransaction));
    }

    /** Stops sampling; the samples in time order. */
    List<ConnectionSample> finish() throws SQLException {
        sampler.shutdownNow();
        if (failure != null) {
            throw failure;
        }
        synchronized (this) {
            sample();
            return List.copyOf(samples);
        }
    }

    /** The most connections of any sample. */
    static int peak(List<ConnectionSample> samples) {
        return samples.stream().mapToInt(ConnectionSample::total).max().orElse(0);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a read-only session: nothing of the run depends on it.
        }
    }
}
