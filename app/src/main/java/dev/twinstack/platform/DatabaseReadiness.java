package dev.twinstack.platform;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: is the database reachable? Checked on one dedicated connection outside the pool, so that a saturated
 * pool neither delays the probe nor makes the instance unready (an unready pod under load sheds its traffic onto the
 * others, which then fail too). The connection is opened lazily (an instance that is never probed, such as a Lambda
 * function, never opens it), bounded by {@code twinstack.readiness.timeout}, and reopened after a failure. It counts
 * as one connection per instance in the connection budget.
 */
@Readiness
@ApplicationScoped
class DatabaseReadiness implements HealthCheck {

    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final int timeoutSeconds;
    private Connection connection;

    DatabaseReadiness(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            TwinstackConfig config) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.timeoutSeconds = (int) Math.max(1, config.readiness().timeout().toSeconds());
    }

    @Override
    public synchronized HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try {
            if (connection == null || !connection.isValid(timeoutSeconds)) {
                close();
                connection = open();
            }
            return response.up().build();
        } catch (SQLException e) {
            close();
            return response.down().withData("reason", "database unreachable").build();
        }
    }

    private Connection open() throws SQLException {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        props.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        props.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 1));
        props.setProperty("ApplicationName", "twinstack-readiness");
        return DriverManager.getConnection(url, props);
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
