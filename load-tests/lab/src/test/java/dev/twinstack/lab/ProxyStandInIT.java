package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.RdsProxyPinning.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RDS Proxy stand-in as the lab runs it: psql through the pinning tap to PgBouncer in transaction mode to
 * PostgreSQL. The tap reads psql's sessions (its SSLRequest answered by PgBouncer) and finds each pinning condition psql
 * issues; PgBouncer keeps the template's idle share of its pool open.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs PgBouncer and psql: run with -Pfull")
class ProxyStandInIT {

    private static final Path BUILD = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final int POOL = 4;
    /** The template's MaxIdleConnectionsPercent 25 of MaxConnectionsPercent 50: half the pool. */
    private static final int IDLE = 2;

    private static final long DEADLINE_MS = 15_000;

    private static LabDatabase db;
    private static PgBouncer bouncer;
    private PinningTap tap;

    @BeforeAll
    static void startTheStandIn() throws Exception {
        Path dir = Files.createDirectories(BUILD.resolve("proxy-stand-in"));
        db = LabDatabase.start(Files.createDirectories(dir.resolve("postgres")), 20);
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS tap_sequence");
            s.execute("GRANT USAGE, SELECT, UPDATE ON SEQUENCE tap_sequence TO " + db.username());
        }
        bouncer = PgBouncer.start(
                PgBouncer.executable()
                        .orElseThrow(
                                () -> new IllegalStateException(
                                        "the full profile needs pgbouncer and psql (apt-get install pgbouncer postgresql-client)")),
                dir.resolve("pgbouncer"),
                db,
                POOL,
                5,
                IDLE);
    }

    @AfterAll
    static void stopTheStandIn() throws Exception {
        if (bouncer != null) {
            bouncer.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void startTap() throws Exception {
        tap = PinningTap.start(bouncer.port());
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
                "PREPARE q AS SELECT 1|PREPARED_STATEMENT",
                "CREATE TEMP TABLE scratch (id int)|TEMPORARY_OBJECT",
                "DECLARE held CURSOR WITH HOLD FOR SELECT 1|CURSOR",
                "DISCARD ALL|DISCARD",
                "LISTEN orders|LISTEN",
                "SELECT nextval('tap_sequence')|SEQUENCE_FUNCTION",
                "SELECT pg_advisory_lock(42)|ADVISORY_LOCK",
            })
    void findsEachConditionPsqlIssuesThroughPgBouncer(String sql, Reason expected) throws Exception {
        psql(sql);

        assertEquals(Set.of(expected), onlySessionWhenEnded().reasons(), sql);
    }

    @Test
    void readsPsqlsSessionAfterPgBouncerDeclinesItsSslRequest() throws Exception {
        psql("SELECT 1");

        PinningTap.Session session = onlySessionWhenEnded();
        assertFalse(session.encrypted());
        assertEquals("psql", session.applicationName());
        assertEquals(Set.of(), session.reasons());
    }

    @Test
    void keepsTheIdleShareOfThePoolOpenWhileAClientIsConnected() throws Exception {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + tap.port() + "/" + LabDatabase.SERVICE
                        + "?sslmode=disable&prepareThreshold=0&assumeMinServerVersion=17",
                db.username(),
                db.password())) {
            assertTrue(c.isValid(5));
            long end = System.currentTimeMillis() + DEADLINE_MS;
            int servers = 0;
            while (servers < IDLE && System.currentTimeMillis() < end) {
                Map<String, Integer> pools = bouncer.pools();
                servers = pools.get("sv_active") + pools.get("sv_idle") + pools.get("sv_used");
                Thread.sleep(100);
            }
            assertEquals(IDLE, servers, "PgBouncer's server connections with one client connected");
        }
    }

    private void psql(String sql) throws Exception {
        ProcessLauncher.shared()
                .command(List.of(
                        "psql",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(tap.port()),
                        "-U",
                        db.username(),
                        "-d",
                        LabDatabase.SERVICE,
                        "-X",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-c",
                        sql))
                .environment("PGPASSWORD", db.password())
                .run(Duration.ofSeconds(30));
    }

    private PinningTap.Session onlySessionWhenEnded() throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        while (tap.sessions().stream().noneMatch(PinningTap.Session::ended)) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("the tap saw no session end: " + tap.sessions());
            }
            Thread.sleep(10);
        }
        List<PinningTap.Session> sessions = tap.sessions();
        assertEquals(1, sessions.size(), "sessions through the tap");
        return sessions.get(0);
    }
}
