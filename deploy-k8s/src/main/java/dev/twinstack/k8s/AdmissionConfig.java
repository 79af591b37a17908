package dev.twinstack.k8s;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How many requests may wait for the database, and for how long, before the service answers 503 at once. */
@ConfigMapping(prefix = "twinstack.admission")
interface AdmissionConfig {

    /** Requests allowed to wait for a free slot when all are taken (0: none wait). */
    @WithDefault("16")
    int queue();

    /** Longest wait for a slot; kept below the pool's acquisition timeout so a waiting request never times out twice. */
    @WithDefault("1s")
    Duration maxWait();

    /** The {@code Retry-After} a refused client is given. */
    @WithDefault("1s")
    Duration retryAfter();
}
