package dev.twinstack.orders;

import static dev.twinstack.testing.Api.createUser;
import static dev.twinstack.testing.Api.json;
import static dev.twinstack.testing.Api.orderBody;
import static dev.twinstack.testing.Api.placeOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The orders API, written once and run through every entry point (server, Lambda event path, packaged server). */
public abstract class OrdersSpec {

    private static final String PROBLEM = "application/problem+json";
    private static final String KEY = "Idempotency-Key";
    private static final int CONCURRENT_RETRIES = 8;
    /**
     * How long a retry may take to be answered while the first request with its key is still in flight: the service
     * waits at most {@code twinstack.idempotency.in-flight-wait} (5 s), far below its transaction timeout; this leaves
     * room for a loaded machine. Before that bound, the retry waited for as long as the first request held its key.
     */
    private static final long IN_FLIGHT_ANSWER_SECONDS = 30;

    @InjectTestDatabase
    TestDatabase db;

    /**
     * Hands this spec the test database where the test framework injects none: a {@code @Nested} subclass gets no
     * test-resource injection of its own, so its enclosing test passes on the one it was given.
     */
    protected final void useDatabase(TestDatabase database) {
        this.db = database;
    }

    @Test
    void placesOrderWithItems() {
        long userId = createUser();

        json().body("{\"userId\":%d,\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\",\"qty\":1}]}"
                        .formatted(userId))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("userId", equalTo((int) userId))
                .body("status", equalTo("PLACED"))
                .body("createdAt", notNullValue())
                .body("items", hasSize(2))
                .body("items[0].sku", equalTo("A-1"))
                .body("items[1].qty", equalTo(1));
    }

    @Test
    void getsOrderById() {
        long orderId = placeOrder(createUser());

        json().get("/api/orders/{id}", orderId).then().statusCode(200).body("items[0].sku", equalTo("SKU-1"));
    }

    @Test
    void answersUnknownOrderWith404Problem() {
        json().get("/api/orders/{id}", Long.MAX_VALUE).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void answersCancelOfUnknownOrderWith404Problem() {
        json().post("/api/orders/{id}/cancel", Long.MAX_VALUE)
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void rejectsOrderForUnknownUser() {
        json().body(orderBody(Long.MAX_VALUE, "A-1", 1))
                .post("/api/orders")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("userId"));
    }

    @Test
    void listsUsersOrdersNewestFirstInPages() {
        long userId = createUser();
        List<Long> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(placeOrder(userId));
        }

        List<Long> seen = new ArrayList<>();
        Long cursor = null;
        do {
            var request = json().queryParam("userId", userId).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("after", cursor);
            }
            var page =
                    request.get("/api/orders").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.get("next") == null ? null : page.getLong("next");
        } while (cursor != null);

        Collections.reverse(placed);
        assertEquals(placed, seen);
    }

    @Test
    void listsNothingForUserWithoutOrders() {
        json().queryParam("userId", createUser())
                .get("/api/orders")
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("next", nullValue());
    }

    @Test
    void cancelsOrderIdempotently() {
        long orderId = placeOrder(createUser());

        json().post("/api/orders/{id}/cancel", orderId).then().statusCode(200).body("status", equalTo("CANCELLED"));
        json().post("/api/orders/{id}/cancel", orderId).then().statusCode(200).body("status", equalTo("CANCELLED"));

        json().get("/api/orders/{id}", orderId).then().body("status", equalTo("CANCELLED"));
    }

    @Test
    void returnsOriginalOrderOnRetryWithSameKey() {
        long userId = createUser();
        String key = UUID.randomUUID().toString();
        String body = orderBody(userId, "A-1", 3);

        long first = json().header(KEY, key)
                .body(body)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        json().header(KEY, key)
                .body(body)
                .post("/api/orders")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo((int) first));
        assertEquals(1, db.count("select count(*) from orders where user_id = ?", userId));
    }

    @Test
    void rejectsKeyReusedWithDifferentBody() {
        long userId = createUser();
        String key = UUID.randomUUID().toString();
        json().header(KEY, key)
                .body(orderBody(userId, "A-1", 1))
                .post("/api/orders")
                .then()
                .statusCode(201);

        json().header(KEY, key)
                .body(orderBody(userId, "A-1", 2))
                .post("/api/orders")
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("errors[0].parameter", equalTo(KEY));
        assertEquals(1, db.count("select count(*) from orders where user_id = ?", userId));
    }

    @Test
    void createsExactlyOneOrderForConcurrentRetries() throws Exception {
        long userId = createUser();
        String key = UUID.randomUUID().toString();
        String body = orderBody(userId, "A-1", 1);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_RETRIES);
        try {
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_RETRIES; i++) {
                Callable<Response> retry = () -> {
                    start.await();
                    return json().header(KEY, key).body(body).post("/api/orders");
                };
                responses.add(pool.submit(retry));
            }
            start.countDown();

            Set<Long> ids = new HashSet<>();
            int created = 0;
            for (Future<Response> f : responses) {
                Response r = f.get();
                if (r.statusCode() == 201) {
                    created++;
                } else {
                    assertEquals(200, r.statusCode(), r.asString());
                }
                ids.add(r.jsonPath().getLong("id"));
            }
            assertEquals(1, created);
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, db.count("select count(*) from orders where user_id = ?", userId));
    }

    @Test
    void treatsExpiredKeyAsNew() throws Exception {
        long userId = createUser();
        String key = UUID.randomUUID().toString();
        String body = orderBody(userId, "A-1", 1);
        long first = json().header(KEY, key)
                .body(body)
                .post("/api/orders")
                .jsonPath()
                .getLong("id");
        try (Connection c = db.adminConnection();
                PreparedStatement age = c.prepareStatement(
                        "update idempotency_keys set created_at = now() - interval '30 days' where idempotency_key = ?")) {
            age.setString(1, key);
            assertEquals(1, age.executeUpdate());
        }

        long second = json().header(KEY, key)
                .body(body)
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");

        assertNotEquals(first, second);
    }

    /*
     * A retry that arrives while the first request with its key has not finished (a slow, stuck or frozen first
     * attempt) used to wait on the key's row lock for as long as the first held it, inside its own transaction; once
     * that wait outlived the transaction timeout, the transaction manager rolled the retry back under it and its next
     * statement failed with "Enlisted connection used without active transaction" (ARJUNA016053 at commit), a 500.
     */
    @Test
    void answersConflictWhileTheFirstRequestWithTheKeyIsInFlight() throws Exception {
        long userId = createUser();
        String key = UUID.randomUUID().toString();
        String body = orderBody(userId, "A-1", 1);
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection firstAttempt = db.connection()) {
            firstAttempt.setAutoCommit(false);
            try (PreparedStatement claim = firstAttempt.prepareStatement(
                    "insert into idempotency_keys (idempotency_key, request_hash) values (?, 'in-flight')")) {
                claim.setString(1, key);
                claim.executeUpdate();
            }

            Future<Response> retry =
                    client.submit(() -> json().header(KEY, key).body(body).post("/api/orders"));
            Response answer = retry.get(IN_FLIGHT_ANSWER_SECONDS, TimeUnit.SECONDS);

            assertEquals(409, answer.statusCode(), answer.asString());
            assertEquals(PROBLEM, answer.contentType());
            assertNotNull(answer.header("Retry-After"));
            firstAttempt.rollback();
        } finally {
            client.shutdownNow();
        }
        json().header(KEY, key).body(body).post("/api/orders").then().statusCode(201);
        assertEquals(1, db.count("select count(*) from orders where user_id = ?", userId));
    }
}
