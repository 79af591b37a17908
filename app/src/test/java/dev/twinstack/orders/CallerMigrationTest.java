package dev.twinstack.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expand/contract migration of caller-scoped idempotency keys, on a database of its own that the previous version
 * migrated (V1) and wrote keys to: after the expand step (V2) both the previous version's statements and this
 * version's ({@link IdempotencyKeys}) work on it and see the same keys; the contract step (db/contract) is what lets
 * two callers use one key, and what the previous version could no longer run against.
 */
@QuarkusTest
class CallerMigrationTest {

    /** The previous version's statements, verbatim (its IdempotencyKeys). */
    private static final String PREVIOUS_CLAIM = """
            INSERT INTO idempotency_keys (idempotency_key, request_hash) VALUES (:key, :hash)
            ON CONFLICT (idempotency_key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, order_id = NULL, created_at = now()
                WHERE idempotency_keys.created_at < now() - :retention * interval '1 second'
            """;

    private static final String PREVIOUS_FIND =
            "SELECT request_hash, order_id FROM idempotency_keys WHERE idempotency_key = :key";
    private static final long RETENTION_SECONDS = 86_400;
    private static final String ANONYMOUS = "";

    @InjectTestDatabase
    TestDatabase db;

    private String name;
    private String url;

    @BeforeEach
    void createDatabaseOfItsOwn() throws SQLException {
        name = "migration_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = db.adminConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + db.username());
        }
        url = db.jdbcUrl().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    @AfterEach
    void dropIt() throws SQLException {
        try (Connection admin = db.adminConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @Test
    void keysWrittenByThePreviousVersionAreFoundByBothVersionsAfterTheExpandStep() throws SQLException {
        migrate("1", "db/migration");
        String key = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            assertEquals(
                    1, update(c, PREVIOUS_CLAIM, Map.of("key", key, "hash", "h1", "retention", RETENTION_SECONDS)));
        }

        migrate("2", "db/migration");

        try (Connection c = connect()) {
            assertEquals(List.of("h1"), query(c, IdempotencyKeys.FIND, Map.of("caller", ANONYMOUS, "key", key)));
            assertEquals(List.of("h1"), query(c, PREVIOUS_FIND, Map.of("key", key)));
            assertEquals(
                    0,
                    update(c, claim(ANONYMOUS, key, "h1")),
                    "this version's claim sees the previous version's key as taken");
            String later = UUID.randomUUID().toString();
            assertEquals(
                    1, update(c, PREVIOUS_CLAIM, Map.of("key", later, "hash", "h2", "retention", RETENTION_SECONDS)));
            assertEquals(0, update(c, claim(ANONYMOUS, later, "h2")), "a key the previous version writes after V2 too");
        }
    }

    @Test
    void untilTheContractStepAKeyStaysWithItsFirstCaller() throws SQLException {
        migrate("2", "db/migration");
        String key = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            assertEquals(1, update(c, claim("alice", key, "h1")));
            SQLException refused = assertThrows(SQLException.class, () -> update(c, claim("bob", key, "h1")));
            assertTrue(refused.getMessage().contains("idempotency_keys_pkey"), refused.getMessage());
        }
    }

    @Test
    void afterTheContractStepTwoCallersUseOneKeyAndThePreviousVersionCannotRun() throws SQLException {
        migrate("1", "db/migration");
        String old = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            update(c, PREVIOUS_CLAIM, Map.of("key", old, "hash", "h0", "retention", RETENTION_SECONDS));
        }

        migrate("3", "db/migration", "db/contract");

        String key = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            assertEquals(List.of("h0"), query(c, IdempotencyKeys.FIND, Map.of("caller", ANONYMOUS, "key", old)));
            assertEquals(1, update(c, claim("alice", key, "h1")));
            assertEquals(1, update(c, claim("bob", key, "h2")));
            assertEquals(List.of("h2"), query(c, IdempotencyKeys.FIND, Map.of("caller", "bob", "key", key)));
            assertThrows(
                    SQLException.class,
                    () -> update(c, PREVIOUS_CLAIM, Map.of("key", "k", "hash", "h", "retention", RETENTION_SECONDS)),
                    "no arbiter for the previous version's upsert: the contract step waits for it to be gone");
        }
    }

    private static Map<String, Object> claim(String caller, String key, String hash) {
        return Map.of("caller", caller, "key", key, "hash", hash, "retention", RETENTION_SECONDS);
    }

    private void migrate(String target, String... locations) {
        Flyway.configure()
                .dataSource(url, db.username(), db.password())
                .locations(locations)
                .target(target)
                // afterMigrate.sql (the seed) is not under test here.
                .skipDefaultCallbacks(true)
                .load()
                .migrate();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, db.username(), db.password());
    }

    private static int update(Connection c, Map<String, Object> claim) throws SQLException {
        return update(c, IdempotencyKeys.CLAIM, claim);
    }

    private static int update(Connection c, String sql, Map<String, Object> params) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params)) {
            return statement.executeUpdate();
        }
    }

    private static List<String> query(Connection c, String sql, Map<String, Object> params) throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement statement = prepare(c, sql, params);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
        }
        return hashes;
    }

    /** Hibernate's named parameters ({@code :name}) as JDBC's positional ones. */
    private static PreparedStatement prepare(Connection c, String sql, Map<String, Object> params) throws SQLException {
        Matcher names = Pattern.compile("(?<!:):([a-z]+)").matcher(sql);
        List<String> order = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        while (names.find()) {
            order.add(names.group(1));
            names.appendReplacement(jdbc, "?");
        }
        names.appendTail(jdbc);
        PreparedStatement statement = c.prepareStatement(jdbc.toString());
        for (int i = 0; i < order.size(); i++) {
            statement.setObject(i + 1, params.get(order.get(i)));
        }
        return statement;
    }
}
