package dev.twinstack.auth;

import static dev.twinstack.testing.Api.json;
import static dev.twinstack.testing.Api.orderBody;
import static dev.twinstack.testing.Api.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.twinstack.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Caller-owned data with auth on, written once for every auth mode and entry point: how a request names its caller
 * is the subclass's ({@link #as}). Each test makes callers and users of its own, so tests share no data.
 */
public abstract class AuthSpec {

    protected static final String PROBLEM = "application/problem+json";

    /** Every API operation, with an id that may or may not exist: none may be answered without a caller. */
    private static final List<String[]> OPERATIONS = List.of(
            new String[] {"GET", "/api/users"},
            new String[] {"POST", "/api/users"},
            new String[] {"GET", "/api/users/1"},
            new String[] {"PUT", "/api/users/1"},
            new String[] {"DELETE", "/api/users/1"},
            new String[] {"GET", "/api/orders"},
            new String[] {"POST", "/api/orders"},
            new String[] {"GET", "/api/orders/1"},
            new String[] {"POST", "/api/orders/1/cancel"});

    /** A JSON request sent by the caller with this subject and scope (null: no scope). */
    protected abstract RequestSpecification as(String subject, String scope);

    protected final RequestSpecification as(String subject) {
        return as(subject, null);
    }

    protected static String newSubject() {
        return "sub-" + UUID.randomUUID();
    }

    /** A user whose subject is the given one, created by an admin. */
    protected final long userFor(String subject) {
        return as(newSubject(), TestTokens.ADMIN_SCOPE)
                .body("{\"email\":\"%s\",\"name\":\"Grace Hopper\",\"subject\":\"%s\"}"
                        .formatted(uniqueEmail(), subject))
                .post("/api/users")
                .then()
                .statusCode(201)
                .body("subject", equalTo(subject))
                .extract()
                .jsonPath()
                .getLong("id");
    }

    protected final long placeOrder(String subject, long userId, String key) {
        RequestSpecification request = as(subject).body(orderBody(userId, "SKU-1", 1));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    @Test
    void refusesEveryOperationWithoutCaller() {
        assertAll(OPERATIONS.stream()
                .map(op -> () -> json().body("{}")
                        .request(op[0], op[1])
                        .then()
                        .statusCode(401)
                        .contentType(PROBLEM)
                        .body("status", equalTo(401))));
    }

    @Test
    void anotherCallersOrderIsNotFound() {
        String owner = newSubject();
        String other = newSubject();
        long order = placeOrder(owner, userFor(owner), null);
        userFor(other);

        as(other).get("/api/orders/{id}", order).then().statusCode(404).contentType(PROBLEM);
        as(other).post("/api/orders/{id}/cancel", order).then().statusCode(404).contentType(PROBLEM);
        as(owner).get("/api/orders/{id}", order).then().statusCode(200).body("status", equalTo("PLACED"));
    }

    @Test
    void listingShowsOnlyTheCallersOwnOrders() {
        String owner = newSubject();
        String other = newSubject();
        long ownerUser = userFor(owner);
        long otherUser = userFor(other);
        placeOrder(owner, ownerUser, null);

        as(other).get("/api/orders").then().statusCode(200).body("items", hasSize(0));
        as(owner).get("/api/orders").then().statusCode(200).body("items", hasSize(1));
        as(other)
                .queryParam("userId", ownerUser)
                .get("/api/orders")
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
        as(other).queryParam("userId", otherUser).get("/api/orders").then().statusCode(200);
    }

    @Test
    void oneKeyUsedByTwoCallersGivesTwoOrders() {
        String key = UUID.randomUUID().toString();
        String first = newSubject();
        String second = newSubject();

        long firstOrder = placeOrder(first, userFor(first), key);
        long secondOrder = placeOrder(second, userFor(second), key);

        assertNotEquals(firstOrder, secondOrder);
        as(first).get("/api/orders/{id}", firstOrder).then().statusCode(200);
        as(second).get("/api/orders/{id}", secondOrder).then().statusCode(200);
    }

    @Test
    void aRetryWithTheKeyReplaysTheCallersOwnOrder() {
        String key = UUID.randomUUID().toString();
        String caller = newSubject();
        long user = userFor(caller);
        long order = placeOrder(caller, user, key);

        as(caller)
                .header("Idempotency-Key", key)
                .body(orderBody(user, "SKU-1", 1))
                .post("/api/orders")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo((int) order));
    }

    @Test
    void ordersArePlacedForTheCallersOwnUserOnly() {
        String caller = newSubject();
        userFor(caller);
        long someoneElse = userFor(newSubject());

        as(caller)
                .body(orderBody(someoneElse, "SKU-1", 1))
                .post("/api/orders")
                .then()
                .statusCode(403)
                .contentType(PROBLEM);
    }

    @Test
    void aCallerWithoutUserOwnsNothing() {
        as(newSubject()).get("/api/orders").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void usersAreManagedByAdminsOnly() {
        String caller = newSubject();
        long own = userFor(caller);
        long other = userFor(newSubject());
        String body = "{\"email\":\"%s\",\"name\":\"Mallory\"}".formatted(uniqueEmail());

        as(caller).body(body).post("/api/users").then().statusCode(403).contentType(PROBLEM);
        as(caller).get("/api/users").then().statusCode(403).contentType(PROBLEM);
        as(caller).body(body).put("/api/users/{id}", own).then().statusCode(403);
        as(caller).delete("/api/users/{id}", other).then().statusCode(403);
        as(caller).get("/api/users/{id}", own).then().statusCode(200).body("subject", equalTo(caller));
        as(caller).get("/api/users/{id}", other).then().statusCode(404).contentType(PROBLEM);
        as(newSubject(), TestTokens.ADMIN_SCOPE)
                .get("/api/users/{id}", other)
                .then()
                .statusCode(200);
    }
}
