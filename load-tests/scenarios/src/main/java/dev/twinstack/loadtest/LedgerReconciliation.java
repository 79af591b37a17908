package dev.twinstack.loadtest;

import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.LedgerRecord.Item;
import dev.twinstack.results.LedgerRecord.Outcome;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what a client was told about its order writes (its ledger) with what the database holds afterwards, as a
 * careful client would after a fault: every acknowledged order is stored with its items, no Idempotency-Key maps to
 * two orders, and every ambiguous write (no response, a reset, a 5xx, even after its bounded retries with the same
 * key) ended stored once or not at all.
 *
 * <p>A write's orders are those the client was told about (a {@code 201} or a replayed {@code 200}) and the one the
 * database's {@code idempotency_keys} row points to. Refused writes (every attempt turned away before anything was
 * placed) are left out. The check only reads.
 */
public final class LedgerReconciliation {

    /**
     * The verdict, each list naming the Idempotency-Keys at fault.
     *
     * @param lost acknowledged writes whose order is not stored, or stored without its items
     * @param duplicated writes stored as more than one order
     * @param unresolved writes the database cannot settle: its key row points to no order, or to an order with other
     *     content than the write's
     * @param storedAmbiguous ambiguous writes that ended stored (once)
     */
    public record Verdict(
            int acknowledged,
            int ambiguous,
            List<String> lost,
            List<String> duplicated,
            List<String> unresolved,
            int storedAmbiguous) {

        public boolean clean() {
            return lost.isEmpty() && duplicated.isEmpty() && unresolved.isEmpty();
        }
    }

    private record StoredOrder(long userId, List<Item> items) {}

    /** A key row: the order it points to, null when it points to none. */
    private record KeyRow(Long orderId) {}

    private LedgerReconciliation() {}

    /** The verdict on the ledger's acknowledged and ambiguous writes. */
    public static Verdict reconcile(Collection<LedgerRecord> ledger, Connection db) throws SQLException {
        List<LedgerRecord> writes =
                ledger.stream().filter(w -> w.outcome() != Outcome.REFUSED).toList();
        Map<String, KeyRow> keys =
                keyRows(db, writes.stream().map(LedgerRecord::key).toList());
        Set<Long> ids = new LinkedHashSet<>();
        for (LedgerRecord w : writes) {
            ids.addAll(w.orderIds());
            KeyRow row = keys.get(w.key());
            if (row != null && row.orderId() != null) {
                ids.add(row.orderId());
            }
        }
        Map<Long, StoredOrder> orders = orders(db, ids);

        int acknowledged = 0;
        int ambiguous = 0;
        int storedAmbiguous = 0;
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (LedgerRecord w : writes) {
            String key = w.key();
            KeyRow row = keys.get(key);
            Set<Long> candidates = new LinkedHashSet<>(w.orderIds());
            if (row != null && row.orderId() != null) {
                candidates.add(row.orderId());
            }
            Set<Long> stored = new LinkedHashSet<>();
            for (Long id : candidates) {
                StoredOrder order = orders.get(id);
                if (order != null
                        && order.userId() == w.userId()
                        && order.items().equals(w.items())) {
                    stored.add(id);
                }
            }
            boolean keyUnsettled = row != null
                    && (row.orderId() == null || !orders.containsKey(row.orderId()) || !stored.contains(row.orderId()));
            if (w.outcome() == Outcome.ACKNOWLEDGED) {
                acknowledged++;
                if (w.orderIds().stream().noneMatch(stored::contains)) {
                    lost.add(key);
                }
            } else {
                ambiguous++;
                if (stored.size() == 1) {
                    storedAmbiguous++;
                }
            }
            if (stored.size() > 1) {
                duplicated.add(key);
            } else if (keyUnsettled && !lost.contains(key)) {
                unresolved.add(key);
            }
        }
        return new Verdict(
                acknowledged,
                ambiguous,
                List.copyOf(lost),
                List.copyOf(duplicated),
                List.copyOf(unresolved),
                storedAmbiguous);
    }

    private static Map<String, KeyRow> keyRows(Connection db, List<String> keys) throws SQLException {
        Map<String, KeyRow> rows = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT idempotency_key, order_id FROM idempotency_keys WHERE idempotency_key = ANY (?)")) {
            Array array = db.createArrayOf("varchar", keys.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long orderId = rs.getLong(2);
                    rows.put(rs.getString(1), new KeyRow(rs.wasNull() ? null : orderId));
                }
            }
        }
        return rows;
    }

    private static Map<Long, StoredOrder> orders(Connection db, Set<Long> ids) throws SQLException {
        Map<Long, Long> users = new HashMap<>();
        Map<Long, List<Item>> items = new HashMap<>();
        Array array = db.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement s = db.prepareStatement("SELECT id, user_id FROM orders WHERE id = ANY (?)")) {
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    users.put(rs.getLong(1), rs.getLong(2));
                    items.put(rs.getLong(1), new ArrayList<>());
                }
            }
        }
        try (PreparedStatement s = db.prepareStatement(
                "SELECT order_id, sku, qty FROM order_items WHERE order_id = ANY (?) ORDER BY order_id, line_no")) {
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.get(rs.getLong(1)).add(new Item(rs.getString(2), rs.getInt(3)));
                }
            }
        }
        Map<Long, StoredOrder> orders = new HashMap<>();
        users.forEach((id, user) -> orders.put(id, new StoredOrder(user, List.copyOf(items.get(id)))));
        return orders;
    }
}
