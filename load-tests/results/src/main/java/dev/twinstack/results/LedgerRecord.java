package dev.twinstack.results;

import java.util.List;

/**
 * One line of the scenarios' ledger (JSON lines): one order write as the client finally knows it, after its bounded
 * retries with the same Idempotency-Key. The scenarios write it; the lab reads it and reconciles it with the database.
 *
 * @param key the Idempotency-Key every attempt of the write was sent with
 * @param userId the user the order was placed for
 * @param items the order's items, in the order they were sent
 * @param outcome what the client finally knows
 * @param orderIds every order id a response to one of its attempts named (empty when none did)
 * @param attempts how many times the write was sent (the first and its retries)
 * @param statuses each attempt's HTTP status, in order; 0 when there was no response
 */
public record LedgerRecord(
        String key,
        long userId,
        List<Item> items,
        Outcome outcome,
        List<Long> orderIds,
        int attempts,
        List<Integer> statuses) {

    /** One line of an order, as it was sent. */
    public record Item(String sku, int qty) {}

    /** What the client finally knows about one write. */
    public enum Outcome {
        /** The service answered with the order (201, or 200 when it replayed an earlier attempt): it must be stored. */
        ACKNOWLEDGED,
        /**
         * No definitive answer, even after the retries (no response, a reset, a 5xx, still in flight: 409): stored once
         * or not at all, never twice.
         */
        AMBIGUOUS,
        /** Every attempt was refused before anything was placed (a 4xx other than 409, or throttled: 429). */
        REFUSED
    }

    public LedgerRecord {
        items = List.copyOf(items);
        orderIds = List.copyOf(orderIds);
        statuses = List.copyOf(statuses);
        if (attempts != statuses.size()) {
            throw new IllegalArgumentException(
                    "a write of %d attempts with %d statuses %s".formatted(attempts, statuses.size(), statuses));
        }
    }
}
