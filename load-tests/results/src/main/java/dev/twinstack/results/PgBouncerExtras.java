package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * PgBouncer, the RDS Proxy stand-in, as sampled during a run.
 *
 * @param poolSize its pool: the server connections it may open
 * @param samples {@code SHOW POOLS} for the target's database, over time
 * @param pinning the target's client sessions judged by RDS Proxy's pinning rules, when the lab's tap saw them
 */
public record PgBouncerExtras(int poolSize, List<PoolSample> samples, Optional<Pinning> pinning) {

    public PgBouncerExtras {
        samples = List.copyOf(samples);
    }
}
