package dev.twinstack.lambda;

import dev.twinstack.testing.PostgresResource;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The shared test PostgreSQL, migrated as a deployment does it: one step before the function runs, never from the
 * function's own start-up (its pool of one connection could not even serve Flyway, which needs two). Where this build
 * runs the server itself, it also logs every statement it receives ({@link StatementLog}).
 */
public class MigratedPostgres extends PostgresResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        Flyway.configure()
                .dataSource(
                        config.get("quarkus.datasource.jdbc.url"),
                        config.get("quarkus.datasource.username"),
                        config.get("quarkus.datasource.password"))
                // With the contract steps waiting for the next release, as app's tests apply them (docs/security.md).
                .locations("classpath:db/migration", "classpath:db/contract")
                .placeholders(Map.of("seed_users", "0"))
                .load()
                .migrate();
        if (database().canStopAndStart()) {
            try {
                StatementLog.enable(database());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot switch the test PostgreSQL's statement log on", e);
            }
        }
        return config;
    }
}
