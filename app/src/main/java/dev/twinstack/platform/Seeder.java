package dev.twinstack.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Ensures {@code twinstack.seed.users} load-test users exist ({@code seed-000001@example.com} ...). Idempotent (a
 * re-run adds only what is missing) and fast: one set-based insert. Off unless configured, so no target touches the
 * database at start-up by default.
 */
@ApplicationScoped
class Seeder {

    private static final Logger LOG = Logger.getLogger(Seeder.class);

    private final TwinstackConfig config;
    private final EntityManager em;

    Seeder(TwinstackConfig config, EntityManager em) {
        this.config = config;
        this.em = em;
    }

    void onStart(@Observes StartupEvent event) {
        int users = config.seed().users();
        if (users > 0) {
            long started = System.nanoTime();
            int added = seed(users);
            LOG.infof(
                    "seed: %d users ensured (%d added) in %d ms",
                    users, added, (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Transactional
    int seed(int users) {
        return em.createNativeQuery("""
                        INSERT INTO users (email, name)
                        SELECT 'seed-' || lpad(n::text, 6, '0') || '@example.com', 'Seed User ' || n
                        FROM generate_series(1, :users) AS n
                        ON CONFLICT DO NOTHING
                        """).setParameter("users", users).executeUpdate();
    }

    /** The email of seeded user {@code n} (1-based), for load tests that pick a random seeded user. */
    public static String seedEmail(int n) {
        return "seed-%06d@example.com".formatted(n);
    }
}
