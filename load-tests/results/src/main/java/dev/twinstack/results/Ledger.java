package dev.twinstack.results;

import java.util.List;

/**
 * The client ledger of one target's load, reconciled with the database afterwards: what the load generator was told
 * about its order writes against what is stored. Lost and duplicated must be empty; leaked bodies must be 0.
 *
 * @param writes order writes the ledger holds
 * @param acknowledged writes the service acknowledged (201, or 200 replayed)
 * @param ambiguous writes without a definitive answer after their retries (no response, reset, 5xx, 409)
 * @param storedAmbiguous ambiguous writes that ended stored, once
 * @param refused writes every attempt of which was refused before anything was placed (4xx, 429): not reconciled
 * @param retried writes sent more than once (with the same Idempotency-Key)
 * @param lost Idempotency-Keys of acknowledged writes whose order is not stored, or stored without its items
 * @param duplicated Idempotency-Keys stored as more than one order
 * @param unresolved Idempotency-Keys the database cannot settle: the key's row points to no order (still in flight
 *     when the load ended), or to an order with other content than the write's
 * @param leakedBodies error responses (any request of the run, status 400 or more) whose body names internals: an
 *     exception, a stack frame, SQL or a SQL state
 * @param leaks what the first few of them leaked (status, request and finding), distinct
 */
public record Ledger(
        long writes,
        long acknowledged,
        long ambiguous,
        long storedAmbiguous,
        long refused,
        long retried,
        List<String> lost,
        List<String> duplicated,
        List<String> unresolved,
        long leakedBodies,
        List<String> leaks) {

    public Ledger {
        lost = List.copyOf(lost);
        duplicated = List.copyOf(duplicated);
        unresolved = List.copyOf(unresolved);
        leaks = List.copyOf(leaks);
    }

    /** Nothing acknowledged lost, nothing stored twice, no internals in an error body. */
    public boolean clean() {
        return lost.isEmpty() && duplicated.isEmpty() && leakedBodies == 0;
    }
}
