package dev.twinstack.platform;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.pool.ConnectionFactory;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import javax.sql.XAConnection;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: is the database reachable? Checked on one dedicated connection outside the pool, so that a saturated
 * pool neither delays the probe nor makes the instance unready (an unready pod under load sheds its traffic onto the
 * others, which then fail too). The connection is opened lazily (an instance that is never probed, such as a Lambda
 * function, never opens it), bounded by {@code twinstack.readiness.timeout}, and reopened after a failure. It counts
 * as one connection per instance in the connection budget.
 *
 * <p>It is opened the way the datasource opens its own, by Agroal's connection factory from the datasource's
 * configuration: the same URL, JDBC properties (TLS) and credentials, including a credentials provider such as an IAM
 * auth token (the configured username and password are not what a database behind IAM authentication accepts).
 */
@Readiness
@ApplicationScoped
class DatabaseReadiness implements HealthCheck {

    private final AgroalDataSource dataSource;
    private final int timeoutSeconds;
    private ConnectionFactory factory;
    private XAConnection connection;

    DatabaseReadiness(AgroalDataSource dataSource, TwinstackConfig config) {
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, config.readiness().timeout().toSeconds());
    }

    @Override
    public synchronized HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try {
            if (connection == null || !connection.getConnection().isValid(timeoutSeconds)) {
                close();
                connection = open();
            }
            return response.up().build();
        } catch (SQLException e) {
            close();
            return response.down().withData("reason", "database unreachable").build();
        }
    }

    private XAConnection open() throws SQLException {
        if (factory == null) {
            factory = new ConnectionFactory(probeConfiguration(
                    dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration(),
                    timeoutSeconds));
        }
        return factory.createConnection();
    }

    /** The datasource's own connection settings, with the probe's bounds and name. */
    static AgroalConnectionFactoryConfiguration probeConfiguration(
            AgroalConnectionFactoryConfiguration datasource, int timeoutSeconds) {
        String timeout = Integer.toString(timeoutSeconds);
        return new AgroalConnectionFactoryConfigurationSupplier(datasource)
                .jdbcProperty("connectTimeout", timeout)
                .jdbcProperty("loginTimeout", timeout)
                .jdbcProperty("socketTimeout", Integer.toString(timeoutSeconds + 1))
                .jdbcProperty("ApplicationName", "twinstack-readiness")
                .get();
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is being discarded because it failed; nothing more to do with it.
            }
            connection = null;
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        close();
    }
}
