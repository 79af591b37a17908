package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.RdsProxyPinning.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tap finds each of RDS Proxy's pinning conditions when a real client (pgjdbc) issues it through the tap to a real
 * PostgreSQL, and finds none in a session that talks as the function does; the bytes pass unaltered, or the client's
 * statements would not be answered.
 */
class PinningTapTest {

    /** What the function's URL sets: unnamed statements only, startup parameters instead of SET. */
    private static final Map<String, String> AS_THE_FUNCTION =
            Map.of("prepareThreshold", "0", "assumeMinServerVersion", "17", "sslmode", "disable");

    private static final long DEADLINE_MS = 10_000;

    private static LabDatabase db;
    private PinningTap tap;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = LabDatabase.start(Files.createDirectories(Path.of("target", "pinning-tap-db")), 20);
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS tap_sequence");
            s.execute("GRANT USAGE, SELECT, UPDATE ON SEQUENCE tap_sequence TO " + db.username());
        }
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void startTap() throws Exception {
        tap = PinningTap.start(db.port());
    }

    @AfterEach
    void stopTap() {
        tap.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SET search_path = public|SESSION_PARAMETER",
                "SELECT set_config('search_path', 'public', false)|SESSION_PARAMETER",
                "PREPARE q AS SELECT 1|PREPARED_STATEMENT",
                "CREATE TEMP TABLE scratch (id int)|TEMPORARY_OBJECT",
                "DECLARE held CURSOR WITH HOLD FOR SELECT 1|CURSOR",
                "DISCARD ALL|DISCARD",
                "LISTEN orders|LISTEN",
                "SELECT nextval('tap_sequence')|SEQUENCE_FUNCTION",
                "SELECT pg_advisory_lock(42)|ADVISORY_LOCK",
            })
    void findsEachConditionAClientIssues(String sql, Reason expected) throws Exception {
        try (Connection c = connect(db.username(), db.password(), AS_THE_FUNCTION);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }

        assertEquals(Set.of(expected), onlySessionWhenEnded().reasons(), sql);
    }

    @Test
    void findsALoadedLibrary() throws Exception {
        // LOAD of a library outside $libdir/plugins is the superuser's.
        try (Connection c = connect("postgres", "", AS_THE_FUNCTION);
                Statement s = c.createStatement()) {
            s.execute("LOAD 'plpgsql'");
        }

        assertEquals(Set.of(Reason.LOAD_LIBRARY), onlySessionWhenEnded().reasons());
    }

    @Test
    void findsAStatementOver16Kilobytes() throws Exception {
        try (Connection c = connect(db.username(), db.password(), AS_THE_FUNCTION);
                Statement s = c.createStatement()) {
            s.execute("SELECT '" + "x".repeat(17_000) + "'");
        }

        assertEquals(Set.of(Reason.STATEMENT_OVER_16_KB), onlySessionWhenEnded().reasons());
    }

    @Test
    void findsNamedPreparedStatementsOfDefaultPgjdbc() throws Exception {
        try (Connection c =
                        connect(db.username(), db.password(), Map.of("prepareThreshold", "1", "sslmode", "disable"));
                PreparedStatement select = c.prepareStatement("SELECT ?::int")) {
            for (int i = 0; i < 3; i++) {
                select.setInt(1, i);
                select.executeQuery().close();
            }
        }

        assertTrue(onlySessionWhenEnded().reasons().contains(Reason.PREPARED_STATEMENT));
    }

    @Test
    void findsTheSetsPgjdbcSendsWithoutAssumeMinServerVersion() throws Exception {
        try (Connection c = connect(db.username(), db.password(), Map.of("ApplicationName", "plain"))) {
            c.isValid(1);
        }

        PinningTap.Session session = onlySessionWhenEnded();
        assertEquals(Set.of(Reason.SESSION_PARAMETER), session.reasons());
        assertTrue(session.examples().get(Reason.SESSION_PARAMETER).startsWith("SET "));
    }

    @Test
    void findsNothingInASessionThatTalksAsTheFunctionDoes() throws Exception {
        // sslmode=prefer: the SSLRequest is answered 'N' by the server, and the tap reads on.
        Map<String, String> properties = Map.of(
                "prepareThreshold", "0", "assumeMinServerVersion", "17", "sslmode", "prefer", "ApplicationName", "fn");
        try (Connection c = connect(db.username(), db.password(), properties)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                    PreparedStatement select = c.prepareStatement("SELECT ?::int + 1")) {
                s.execute("CREATE TABLE IF NOT EXISTS tap_notes (id bigint GENERATED BY DEFAULT AS IDENTITY, t text)");
                s.execute("INSERT INTO tap_notes (t) VALUES ('SET search_path = x; LISTEN y')");
                s.execute("SELECT pg_advisory_xact_lock(7)");
                for (int i = 0; i < 10; i++) {
                    select.setInt(1, i);
                    select.executeQuery().close();
                }
            }
            c.commit();
        }

        PinningTap.Session session = onlySessionWhenEnded();
        assertEquals(Set.of(), session.reasons());
        assertEquals("fn", session.applicationName());
        assertEquals(new PinningTap.Counts(1, 0, Map.of()), tap.counts());
    }

    @Test
    void countsSessionsAndTheReasonsTheyWouldPinFor() throws Exception {
        for (String sql : List.of("SET search_path = public", "SELECT 1", "LISTEN a")) {
            try (Connection c = connect(db.username(), db.password(), AS_THE_FUNCTION);
                    Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
        awaitEnded(3);

        assertEquals(new PinningTap.Counts(3, 2, Map.of(Reason.SESSION_PARAMETER, 1, Reason.LISTEN, 1)), tap.counts());
    }

    @Test
    void closesAClientsConnectionAtOnceWhenTheProxyIsDown() throws Exception {
        try (PinningTap toNothing = PinningTap.start(ProcessLauncher.freePort())) {
            Properties properties = new Properties();
            properties.setProperty("user", db.username());
            properties.setProperty("password", db.password());
            properties.setProperty("sslmode", "disable");
            properties.setProperty("loginTimeout", "20");
            long start = System.nanoTime();

            assertThrows(
                    SQLException.class,
                    () -> DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + toNothing.port() + "/" + LabDatabase.SERVICE, properties));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "the client was not left waiting");
            assertEquals(List.of(), toNothing.sessions());
        }
    }

    private Connection connect(String user, String password, Map<String, String> settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        settings.forEach(properties::setProperty);
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + tap.port() + "/" + LabDatabase.SERVICE, properties);
    }

    private PinningTap.Session onlySessionWhenEnded() throws InterruptedException {
        awaitEnded(1);
        List<PinningTap.Session> sessions = tap.sessions();
        assertEquals(1, sessions.size(), "sessions through the tap");
        return sessions.get(0);
    }

    /** The client closed its sessions: the tap has read all they sent once it sees them end. */
    private void awaitEnded(int count) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (tap.sessions().stream().filter(PinningTap.Session::ended).count() < count) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("the tap did not see " + count + " sessions end: " + tap.sessions());
            }
            Thread.sleep(10);
        }
    }
}
