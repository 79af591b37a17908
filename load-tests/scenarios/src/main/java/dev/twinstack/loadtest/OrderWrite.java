package dev.twinstack.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.LedgerRecord.Item;
import dev.twinstack.results.LedgerRecord.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One order write and what its attempts were told so far: the decision to retry and the ledger's line are made here,
 * from the statuses alone, so that they are one rule for every target.
 *
 * <p>An attempt is answered in one of five ways: acknowledged (200 or 201 naming the order), ambiguous (no response, a
 * 5xx, or a 2xx the client cannot read an order from: the write may or may not have happened), in flight (409: an
 * earlier attempt with this key is still being processed), throttled (429: refused before anything was placed) or
 * refused (any other 4xx, final). The first three after an ambiguous attempt, and the throttled, are retried.
 */
record OrderWrite(String key, long userId, List<Item> items, List<Integer> statuses, List<Long> orderIds) {

    /** How one attempt was answered. */
    enum Answer {
        ACKNOWLEDGED,
        AMBIGUOUS,
        IN_FLIGHT,
        THROTTLED,
        REFUSED;

        static Answer of(int status, Optional<Long> orderId) {
            if (status == 200 || status == 201) {
                return orderId.isPresent() ? ACKNOWLEDGED : AMBIGUOUS;
            }
            if (status == 0 || status >= 500 || (status >= 200 && status < 300)) {
                return AMBIGUOUS;
            }
            return switch (status) {
                case 409 -> IN_FLIGHT;
                case 429 -> THROTTLED;
                default -> REFUSED;
            };
        }

        boolean retryable() {
            return this == AMBIGUOUS || this == IN_FLIGHT || this == THROTTLED;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    OrderWrite {
        items = List.copyOf(items);
        statuses = List.copyOf(statuses);
        orderIds = List.copyOf(orderIds);
    }

    static OrderWrite of(String key, long userId, List<Item> items) {
        return new OrderWrite(key, userId, items, List.of(), List.of());
    }

    /** The request body every attempt sends: the same bytes each time, as the Idempotency-Key requires. */
    String body() {
        try {
            return JSON.writeValueAsString(new Body(userId, items));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Body(long userId, List<Item> items) {}

    /** This write after one more attempt, answered with {@code status} (0: none) and {@code body}. */
    OrderWrite answered(int status, String body) {
        List<Integer> s = new ArrayList<>(statuses);
        s.add(status);
        Set<Long> ids = new LinkedHashSet<>(orderIds);
        if (status == 200 || status == 201) {
            orderId(body).ifPresent(ids::add);
        }
        return new OrderWrite(key, userId, items, s, List.copyOf(ids));
    }

    /** Whether one more attempt is due: none yet, or the last answer is retryable and attempts are left. */
    boolean goOn(RetryPolicy policy) {
        return statuses.isEmpty()
                || (statuses.size() < policy.maxAttempts()
                        && !acknowledged()
                        && lastAnswer().retryable());
    }

    boolean acknowledged() {
        return !orderIds.isEmpty();
    }

    /** The order the service named last. */
    Optional<Long> orderId() {
        return orderIds.isEmpty() ? Optional.empty() : Optional.of(orderIds.get(orderIds.size() - 1));
    }

    /**
     * What the client finally knows: acknowledged once any attempt named the order; ambiguous when an attempt may have
     * placed it (no response, 5xx, 409); refused when every attempt was turned away before anything was placed.
     */
    Outcome outcome() {
        if (acknowledged()) {
            return Outcome.ACKNOWLEDGED;
        }
        boolean mayHavePlaced = statuses.stream()
                .map(s -> Answer.of(s, Optional.empty()))
                .anyMatch(a -> a == Answer.AMBIGUOUS || a == Answer.IN_FLIGHT);
        return mayHavePlaced ? Outcome.AMBIGUOUS : Outcome.REFUSED;
    }

    LedgerRecord record() {
        return new LedgerRecord(key, userId, items, outcome(), orderIds, statuses.size(), statuses);
    }

    private Answer lastAnswer() {
        return Answer.of(statuses.get(statuses.size() - 1), orderId());
    }

    /** The order's id from a response body: its top-level {@code id}, when the body is JSON with one. */
    static Optional<Long> orderId(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode id = JSON.readTree(body).path("id");
            return id.canConvertToLong() && id.isIntegralNumber() ? Optional.of(id.asLong()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
