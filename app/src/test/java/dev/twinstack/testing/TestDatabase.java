package dev.twinstack.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The real PostgreSQL a test run uses, whichever way it was provided. Tests get it injected with
 * {@link InjectTestDatabase} to check what reached the database, and, where the provider allows it, to stop and
 * restart the server under a running service.
 */
public interface TestDatabase {

    /** JDBC URL of the database the service uses. */
    String jdbcUrl();

    String username();

    String password();

    /** A connection with superuser rights on the service's database (to inspect, terminate backends, configure). */
    Connection adminConnection() throws SQLException;

    /** Whether {@link #stop()} and {@link #start()} are available (not for a database given by URL). */
    boolean canStopAndStart();

    /** Makes the server unreachable; the service's connections break. */
    void stop();

    /** Brings the server back on the same address with the same data. */
    void start();

    default Connection connection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    /** The single number a query returns, e.g. {@code select count(*) from orders where ...}. */
    default long count(String sql, Object... args) {
        try (Connection c = connection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + sql, e);
        }
    }
}
