package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migrate mode, run as every target runs it: the packaged application with the {@code migrate} profile, against an
 * empty database. It migrates, optionally seeds, and exits 0 without ever opening an HTTP listener.
 */
class MigrateModeIT {

    private static final Path APP = Path.of(System.getProperty("twinstack-build-dir", "target"), "quarkus-app");
    private static final int SEED_USERS = 2_000;

    private static final PostgresResource POSTGRES = new PostgresResource();
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        POSTGRES.start();
        db = POSTGRES.database();
    }

    @AfterAll
    static void stopDatabase() {
        POSTGRES.stop();
    }

    @Test
    void migratesAnEmptyDatabaseAndExits() throws Exception {
        String url = emptyDatabase();

        Run run = runMigrate(url, Map.of());

        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains("Listening on"), "migrate mode must not open an HTTP listener");
        assertEquals(1, count(url, "select count(*) from flyway_schema_history where success and version = '1'"));
        assertEquals(0, count(url, "select count(*) from users"));
    }

    @Test
    void seedsUsersIdempotently() throws Exception {
        String url = emptyDatabase();
        Map<String, String> seed = Map.of("TWINSTACK_SEED_USERS", Integer.toString(SEED_USERS));

        Run first = runMigrate(url, seed);
        Run second = runMigrate(url, seed);

        assertEquals(0, first.exitCode(), first.output());
        assertEquals(0, second.exitCode(), second.output());
        assertEquals(SEED_USERS, count(url, "select count(*) from users where email like 'seed-%'"));
        assertEquals(1, count(url, "select count(*) from users where email = 'seed-000042@example.com'"));
    }

    record Run(int exitCode, String output) {}

    private static Run runMigrate(String url, Map<String, String> env) throws IOException, InterruptedException {
        assertTrue(Files.exists(APP.resolve("quarkus-run.jar")), "package the application first: " + APP);
        Path log =
                Files.createTempFile(Path.of(System.getProperty("twinstack-build-dir", "target")), "migrate", ".log");
        LaunchedProcess migrate = ProcessLauncher.shared()
                .java("-Dquarkus.profile=migrate", "-jar", "quarkus-run.jar")
                .directory(APP)
                .environment(env)
                .environment("QUARKUS_DATASOURCE_JDBC_URL", url)
                .environment("QUARKUS_DATASOURCE_USERNAME", db.username())
                .environment("QUARKUS_DATASOURCE_PASSWORD", db.password())
                .logTo(log)
                .start();
        int exitCode = migrate.awaitExit(Duration.ofMinutes(2));
        return new Run(exitCode, Files.readString(log));
    }

    private static String emptyDatabase() throws SQLException {
        String name = "migrate_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + db.username());
        }
        return db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + name;
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, db.username(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
