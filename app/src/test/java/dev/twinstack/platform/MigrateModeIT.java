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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migrate mode, run as every target runs it: the packaged application with the {@code migrate} profile, against an
 * empty database. It migrates, optionally seeds, and exits 0 without ever opening an HTTP listener, as soon as its
 * start-up is done: the exit follows a completed start-up (Quarkus reports it started, then stopped), not an aborted
 * one that first waits for itself, and once stopped the process ends (no thread keeps the JVM alive).
 */
class MigrateModeIT {

    private static final Path APP = Path.of(System.getProperty("twinstack-build-dir", "target"), "quarkus-app");
    private static final int SEED_USERS = 2_000;
    /** A safety net for the whole run on a loaded machine; the checks below do not depend on it. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    /** Once Quarkus reports the application stopped, only the JVM's own exit is left. */
    private static final Duration EXIT_AFTER_STOP = Duration.ofSeconds(30);

    private static final Pattern STARTED = Pattern.compile("\\bstarted in [0-9.]+s\\b");
    private static final Pattern STOPPED = Pattern.compile("\\bstopped in [0-9.]+s\\b");

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
        assertFalse(run.output().contains("Listening on: http"), "migrate mode must not open an HTTP listener");
        assertExitedOnceStarted(run);
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
        assertExitedOnceStarted(second);
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
        awaitLineOrExit(migrate, log, STOPPED, RUN_LIMIT);
        int exitCode = migrate.awaitExit(EXIT_AFTER_STOP);
        return new Run(exitCode, Files.readString(log));
    }

    /** Returns when a line of the log matches or the process has exited, whichever comes first. */
    private static void awaitLineOrExit(LaunchedProcess process, Path log, Pattern line, Duration limit)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!line.matcher(Files.readString(log)).find()) {
            if (process.waitFor(Duration.ofMillis(100))) {
                return;
            }
            if (System.nanoTime() - end >= 0) {
                process.kill();
                throw new AssertionError("migrate mode neither stopped nor exited within " + limit);
            }
        }
    }

    /**
     * Quarkus reported the application started, then stopped. An exit that aborts start-up instead (as
     * quarkus.init-and-exit does, after waiting 5 s for a start-up that cannot finish meanwhile) never reports it
     * started.
     */
    private static void assertExitedOnceStarted(Run run) {
        Matcher started = STARTED.matcher(run.output());
        Matcher stopped = STOPPED.matcher(run.output());
        assertTrue(started.find(), "migrate mode exited before its start-up completed:\n" + run.output());
        assertTrue(stopped.find(started.end()), "migrate mode did not stop after it started:\n" + run.output());
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
