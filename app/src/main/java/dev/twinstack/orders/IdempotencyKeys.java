package dev.twinstack.orders;

import dev.twinstack.platform.Constraints;
import dev.twinstack.platform.ProblemException;
import dev.twinstack.platform.TwinstackConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.jpa.HibernateHints;
import org.jboss.logging.Logger;

/**
 * The {@code idempotency_keys} table. Its primary key, not application code, decides which of several concurrent
 * requests with one key creates the order: {@code INSERT ... ON CONFLICT} makes a second inserter wait for the first
 * transaction and then see its row. A key older than the retention is taken over as if it were new.
 *
 * <p>That wait is bounded ({@code twinstack.idempotency.in-flight-wait}): an earlier request with the key that is still
 * in flight (slow, stuck, or in a frozen environment) answers a retry 409 with {@code Retry-After} instead of holding it
 * until its transaction times out. A transaction that outlives its timeout is rolled back by the transaction manager
 * under the running request, whose next use of the connection then fails ("Enlisted connection used without active
 * transaction", or ARJUNA016053/ARJUNA016102 at commit) with a 500.
 *
 * <p>Keys are scoped per caller ({@code caller}: the token's subject, {@code ''} without auth), so two callers using one
 * key get two orders. Until the contract migration (db/contract) the primary key on {@code idempotency_key} alone
 * still holds a key for the first caller that used it: another caller's request with it is answered 409.
 */
@ApplicationScoped
class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    private static final int CLEANUP_BATCH = 1000;
    /** PostgreSQL's query_canceled: the driver cancelled the statement when its timeout passed. */
    private static final String QUERY_CANCELED = "57014";

    /*
     * The statements, named so that the migration test runs these very statements against a schema the previous version
     * wrote to (CallerMigrationTest).
     */
    static final String CLAIM = """
                        INSERT INTO idempotency_keys (caller, idempotency_key, request_hash) VALUES (:caller, :key, :hash)
                        ON CONFLICT (caller, idempotency_key) DO UPDATE
                            SET request_hash = EXCLUDED.request_hash, order_id = NULL, created_at = now()
                            WHERE idempotency_keys.created_at < now() - :retention * interval '1 second'
                        """;
    static final String ATTACH =
            "UPDATE idempotency_keys SET order_id = :order WHERE caller = :caller AND idempotency_key = :key";
    static final String FIND =
            "SELECT request_hash, order_id FROM idempotency_keys WHERE caller = :caller AND idempotency_key = :key";

    record Stored(String requestHash, Long orderId) {}

    private final EntityManager em;
    private final TwinstackConfig config;

    IdempotencyKeys(EntityManager em, TwinstackConfig config) {
        this.em = em;
        this.config = config;
    }

    /**
     * Claims the key for this transaction; false when a live claim by another request already exists.
     *
     * @throws ProblemException 409 when another request holding the key is still in flight after the bounded wait
     */
    boolean claim(String caller, String key, String requestHash) {
        try {
            return insertClaim(caller, key, requestHash);
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "idempotency_keys_pkey")) {
                throw ProblemException.conflict(
                        null, "this Idempotency-Key is in use; send the request with a new key");
            }
            if (cancelledByTimeout(e)) {
                throw new ProblemException(
                        409,
                        "Conflict",
                        "a request with this Idempotency-Key is still being processed; retry later",
                        List.of(),
                        Map.of("Retry-After", "1"));
            }
            throw e;
        }
    }

    private boolean insertClaim(String caller, String key, String requestHash) {
        int rows = em.createNativeQuery(CLAIM)
                .setParameter("caller", caller)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .setParameter("retention", retentionSeconds())
                // Whole seconds (JDBC's query timeout); the driver cancels the statement when it passes.
                .setHint(HibernateHints.HINT_TIMEOUT, inFlightWaitSeconds())
                .executeUpdate();
        return rows == 1;
    }

    private static boolean cancelledByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private int inFlightWaitSeconds() {
        return (int) Math.max(1, config.idempotency().inFlightWait().toSeconds());
    }

    void attach(String caller, String key, long orderId) {
        em.createNativeQuery(ATTACH)
                .setParameter("order", orderId)
                .setParameter("caller", caller)
                .setParameter("key", key)
                .executeUpdate();
    }

    Optional<Stored> find(String caller, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(FIND)
                .setParameter("caller", caller)
                .setParameter("key", key)
                .getResultList();
        return rows.stream()
                .findFirst()
                .map(r -> new Stored((String) r[0], r[1] == null ? null : ((Number) r[1]).longValue()));
    }

    /** Deletes expired keys in small batches, so the job never holds long locks. Every instance may run it. */
    @Scheduled(
            every = "${twinstack.idempotency.cleanup-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanUp() {
        int deleted;
        int total = 0;
        do {
            deleted = deleteExpiredBatch();
            total += deleted;
        } while (deleted == CLEANUP_BATCH);
        if (total > 0) {
            LOG.infof("idempotency: %d expired keys deleted", total);
        }
    }

    @Transactional
    int deleteExpiredBatch() {
        return em.createNativeQuery("""
                        DELETE FROM idempotency_keys WHERE (caller, idempotency_key) IN (
                            SELECT caller, idempotency_key FROM idempotency_keys
                            WHERE created_at < now() - :retention * interval '1 second'
                            LIMIT :batch)
                        """)
                .setParameter("retention", retentionSeconds())
                .setParameter("batch", CLEANUP_BATCH)
                .executeUpdate();
    }

    private long retentionSeconds() {
        return config.idempotency().retention().toSeconds();
    }
}
