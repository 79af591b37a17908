package dev.twinstack.results;

import java.util.List;

/**
 * PgBouncer, the RDS Proxy stand-in, as sampled during a run.
 *
 * @param poolSize its pool: the server connections it may open
 * @param samples {@code SHOW POOLS} for the target's database, over time
 */
public record PgBouncerExtras(int poolSize, List<PoolSample> samples) {

    public PgBouncerExtras {
        samples = List.copyOf(samples);
    }
}
