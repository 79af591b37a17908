package dev.twinstack.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.ConnectionSample;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database's connections, sampled from pg_stat_activity through a read-only URL, by state. */
class DatabaseSamplerTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "postgres"));
        postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.toFile())
                .start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void countsTheDeploymentsConnectionsByStateAndLeavesItsOwnOut() throws Exception {
        String url = postgres.getJdbcUrl("postgres", "postgres");
        try (Connection idle = postgres.getPostgresDatabase().getConnection();
                Connection inTransaction = postgres.getPostgresDatabase().getConnection();
                DatabaseSampler sampler = new DatabaseSampler(url, Duration.ofMillis(50), Instant.now())) {
            inTransaction.setAutoCommit(false);
            try (Statement s = inTransaction.createStatement()) {
                s.execute("SELECT 1");
            }

            List<ConnectionSample> samples = sampler.finish();

            ConnectionSample last = samples.get(samples.size() - 1);
            assertEquals(2, last.total(), samples.toString());
            assertEquals(1, last.idle());
            assertEquals(1, last.idleInTransaction());
            assertEquals(0, last.active());
            assertEquals(2, DatabaseSampler.peak(samples));
            assertTrue(samples.stream().allMatch(s -> s.t() >= 0));
        }
    }

    @Test
    void aReadOnlyRoleSeesTheStatesOnlyWithPgReadAllStats() throws Exception {
        String password = UUID.randomUUID().toString();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE reader LOGIN PASSWORD '" + password + "'");
        }
        String url = postgres.getJdbcUrl("reader", "postgres") + "&password=" + password;
        try (Connection service = postgres.getPostgresDatabase().getConnection()) {
            ConnectionSample unprivileged = last(url);
            assertEquals(1, unprivileged.total(), "the service's session counts");
            assertEquals(0, unprivileged.idle(), "with no state");

            try (Connection admin = postgres.getPostgresDatabase().getConnection();
                    Statement s = admin.createStatement()) {
                s.execute("GRANT pg_read_all_stats TO reader");
            }
            ConnectionSample granted = last(url);
            assertEquals(1, granted.total());
            assertEquals(1, granted.idle());
        }
    }

    private static ConnectionSample last(String url) throws Exception {
        try (DatabaseSampler sampler = new DatabaseSampler(url, Duration.ofSeconds(10), Instant.now())) {
            List<ConnectionSample> samples = sampler.finish();
            return samples.get(samples.size() - 1);
        }
    }
}
