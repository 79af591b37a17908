package dev.twinstack.orders;

import static dev.twinstack.testing.Api.createUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinstack.orders.OrderApi.LineItemRequest;
import dev.twinstack.orders.OrderApi.OrderRequest;
import dev.twinstack.platform.Caller;
import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An order, its items and its idempotency key are written in one transaction or not at all. */
@QuarkusTest
class OrderTransactionTest {

    @Inject
    OrderService service;

    @InjectTestDatabase
    TestDatabase db;

    @Test
    void leavesNothingWhenAnItemFailsMidWay() {
        long userId = createUser();
        String key = UUID.randomUUID().toString();
        // The second item passes no API validation here, so the database refuses it after the order row was written.
        OrderRequest request =
                new OrderRequest(userId, Arrays.asList(new LineItemRequest("A-1", 1), new LineItemRequest(null, 1)));

        assertThrows(RuntimeException.class, () -> service.place(request, Optional.of(key), Caller.ANONYMOUS));

        assertEquals(0, db.count("select count(*) from orders where user_id = ?", userId));
        assertEquals(
                0,
                db.count(
                        "select count(*) from order_items i join orders o on o.id = i.order_id where o.user_id = ?",
                        userId));
        assertEquals(0, db.count("select count(*) from idempotency_keys where idempotency_key = ?", key));
    }
}
