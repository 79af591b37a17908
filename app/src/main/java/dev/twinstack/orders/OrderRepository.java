package dev.twinstack.orders;

import dev.twinstack.orders.OrderApi.LineItemResponse;
import dev.twinstack.orders.OrderApi.OrderResponse;
import dev.twinstack.platform.KeyReads;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.SessionFactory;

/**
 * Reads answer with {@link OrderResponse} projections built from plain rows, never with managed entities. They need no
 * transaction: an order and its items are written in one transaction and the items never change afterwards (only the
 * status does), and orders are never deleted, so rows read by separate statements cannot disagree. Each read runs in a
 * stateless session of its own, closed when its queries are done, so its connection goes back to the pool at once (see
 * {@code UserRepository}).
 */
@ApplicationScoped
class OrderRepository implements PanacheRepository<Order> {

    private final SessionFactory sessions;
    private final KeyReads keyReads;

    OrderRepository(SessionFactory sessions, KeyReads keyReads) {
        this.sessions = sessions;
        this.keyReads = keyReads;
    }

    /** The id of the user whose subject this is (users.subject, set by whoever manages users). */
    Optional<Long> userWithSubject(String subject) {
        List<Long> ids = sessions.fromStatelessSession(
                s -> s.createNativeQuery("SELECT id FROM users WHERE subject = :subject", Long.class)
                        .setParameter("subject", subject)
                        .getResultList());
        return ids.stream().findFirst();
    }

    /**
     * The order and its items in one statement (a left join: an order always has items, but the join stays honest),
     * the primary-key read: see {@link KeyReads} for why it is plain JDBC.
     */
    Optional<OrderResponse> findResponse(long id) {
        List<Object[]> rows = keyReads.rows(
                "SELECT o.id, o.user_id, o.status, o.created_at, i.sku, i.qty FROM orders o"
                        + " LEFT JOIN order_items i ON i.order_id = o.id WHERE o.id = ? ORDER BY i.line_no",
                id,
                rs -> new Object[] {
                    rs.getLong(1),
                    rs.getLong(2),
                    Order.Status.valueOf(rs.getString(3)),
                    rs.getObject(4, OffsetDateTime.class).toInstant(),
                    rs.getString(5),
                    rs.getObject(6, Integer.class)
                });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<LineItemResponse> items = new ArrayList<>();
        for (Object[] row : rows) {
            if (row[4] != null) {
                items.add(new LineItemResponse((String) row[4], (Integer) row[5]));
            }
        }
        return Optional.of(response(rows.get(0), items));
    }

    /**
     * A user's orders, newest first, keyset-paginated on id; one extra row tells whether another page follows. Two
     * statements: the page of orders, then the items of all of them at once.
     */
    List<OrderResponse> pageForUser(long userId, Long after, int limit) {
        return sessions.fromStatelessSession(s -> {
            List<Object[]> heads = s.createSelectionQuery(
                            "select o.id, o.userId, o.status, o.createdAt from Order o"
                                    + " where o.userId = :user and o.id < :after order by o.id desc",
                            Object[].class)
                    .setParameter("user", userId)
                    .setParameter("after", after == null ? Long.MAX_VALUE : after)
                    .setMaxResults(limit + 1)
                    .getResultList();
            if (heads.isEmpty()) {
                return List.<OrderResponse>of();
            }
            Map<Long, List<LineItemResponse>> items = new HashMap<>();
            s.createSelectionQuery(
                            "select o.id, i.sku, i.qty from Order o join o.items i"
                                    + " where o.id in :ids order by o.id, index(i)",
                            Object[].class)
                    .setParameter("ids", heads.stream().map(h -> (Long) h[0]).toList())
                    .getResultList()
                    .forEach(row -> items.computeIfAbsent((Long) row[0], k -> new ArrayList<>())
                            .add(new LineItemResponse((String) row[1], (Integer) row[2])));
            return heads.stream()
                    .map(h -> response(h, items.getOrDefault((Long) h[0], List.of())))
                    .toList();
        });
    }

    private static OrderResponse response(Object[] head, List<LineItemResponse> items) {
        return new OrderResponse(
                (Long) head[0], (Long) head[1], ((Order.Status) head[2]).name(), (Instant) head[3], List.copyOf(items));
    }
}
