package dev.twinstack.orders;

import dev.twinstack.orders.OrderApi.LineItemRequest;
import dev.twinstack.orders.OrderApi.OrderRequest;
import dev.twinstack.orders.OrderApi.OrderResponse;
import dev.twinstack.platform.Caller;
import dev.twinstack.platform.Constraints;
import dev.twinstack.platform.Page;
import dev.twinstack.platform.Problem;
import dev.twinstack.platform.ProblemException;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

@ApplicationScoped
class OrderService {

    /** The outcome of a placement: {@code created} is false when an idempotent retry returned the original order. */
    record Placed(OrderResponse order, boolean created) {}

    private final OrderRepository orders;
    private final IdempotencyKeys keys;

    OrderService(OrderRepository orders, IdempotencyKeys keys) {
        this.orders = orders;
        this.keys = keys;
    }

    /** Writes the order, its items and the idempotency key in one transaction, or nothing. */
    @Transactional
    @WithSpan
    Placed place(OrderRequest request, Optional<String> idempotencyKey, Caller caller) {
        if (!caller.anonymous() && userOf(caller) != request.userId()) {
            throw ProblemException.forbidden("orders are placed for the caller's own user only");
        }
        if (idempotencyKey.isPresent()) {
            String key = idempotencyKey.get();
            String hash = fingerprint(request);
            if (!keys.claim(caller.owner(), key, hash)) {
                return new Placed(replay(caller.owner(), key, hash), false);
            }
            OrderResponse order = insert(request);
            keys.attach(caller.owner(), key, order.id());
            return new Placed(order, true);
        }
        return new Placed(insert(request), true);
    }

    /** Without a transaction: see {@link OrderRepository} for why its reads are safe without one. */
    OrderResponse get(long id, Caller caller) {
        return orders.findResponse(id)
                .filter(order -> caller.anonymous() || order.userId() == userOf(caller))
                .orElseThrow(() -> ProblemException.notFound("order", id));
    }

    /**
     * A user's orders. With a caller, its own user's only: {@code userId} may be left out, and names no other user.
     */
    Page<OrderResponse> listForUser(Optional<Long> userId, Long after, int limit, Caller caller) {
        long user;
        if (caller.anonymous()) {
            user = userId.orElseThrow(() -> ProblemException.badParameter("userId", "is required"));
        } else {
            user = userOf(caller);
            if (userId.isPresent() && userId.get() != user) {
                throw ProblemException.forbidden("only the caller's own orders are listed");
            }
        }
        return Page.of(orders.pageForUser(user, after, limit), limit, OrderResponse::id);
    }

    /** Cancelling is idempotent: cancelling a cancelled order returns it unchanged. */
    @Transactional
    OrderResponse cancel(long id, Caller caller) {
        Order order = find(id);
        if (!caller.anonymous() && order.userId != userOf(caller)) {
            throw ProblemException.notFound("order", id);
        }
        order.status = Order.Status.CANCELLED;
        orders.flush();
        return OrderResponse.of(order);
    }

    private OrderResponse insert(OrderRequest request) {
        Order order = new Order();
        order.userId = request.userId();
        for (LineItemRequest item : request.items()) {
            order.items.add(new LineItem(item.sku(), item.qty()));
        }
        try {
            orders.persistAndFlush(order);
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "orders_user_id_fkey")) {
                throw ProblemException.unprocessable(Problem.Violation.field("userId", "no such user"));
            }
            throw e;
        }
        return OrderResponse.of(order);
    }

    /** The user a caller acts for: the one whose subject is the caller's (docs/security.md); 403 when none is. */
    private long userOf(Caller caller) {
        return orders.userWithSubject(caller.subject())
                .orElseThrow(() -> ProblemException.forbidden("no user belongs to this caller"));
    }

    private OrderResponse replay(String caller, String key, String hash) {
        IdempotencyKeys.Stored stored = keys.find(caller, key)
                .orElseThrow(() -> new IllegalStateException("idempotency key vanished after a conflict"));
        if (!stored.requestHash().equals(hash)) {
            throw ProblemException.unprocessable(Problem.Violation.parameter(
                    OrderResource.IDEMPOTENCY_KEY, "was already used with a different request body"));
        }
        return OrderResponse.of(find(stored.orderId()));
    }

    private Order find(long id) {
        return orders.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("order", id));
    }

    /** A digest of the request's meaning (not its bytes): whitespace or field order do not make a retry different. */
    static String fingerprint(OrderRequest request) {
        StringBuilder canonical = new StringBuilder().append(request.userId());
        for (LineItemRequest item : request.items()) {
            canonical.append('\n').append(item.sku()).append('\t').append(item.qty());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
