package dev.twinstack.platform;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads by primary key, the hot path of the API, as one prepared {@code SELECT} on a pooled connection in autocommit:
 * PostgreSQL sees that statement alone (no {@code begin}/{@code commit}), and the connection goes back to the pool as
 * soon as the rows are read. Plain JDBC rather than a Hibernate query: the benchmark's profile (docs/performance.md)
 * put about two fifths of the server's CPU per read inside Hibernate (a session, the query plan, parameter bindings,
 * result processing) for a statement whose SQL never changes. The SQL names the columns Flyway creates and Hibernate
 * validates; the API tests read every field back. The JDBC telemetry wraps this datasource as it wraps Hibernate's, so
 * the statement still has its span. Writes and the other reads stay with Hibernate.
 */
@ApplicationScoped
public class KeyReads {

    /** One row to one value; called once per row, in the statement's order. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    KeyReads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The rows of {@code sql}, whose one parameter is {@code key}. */
    public <T> List<T> rows(String sql, long key, Row<T> row) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            // The cause stays: the problem mappers answer 503 for an unavailable database from its SQLSTATE.
            throw new PersistenceException("read by key failed", e);
        }
    }
}
