package dev.twinstack.k8s;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a request may wait for the database before the service answers 503, and so how many may wait: a request
 * that finds every slot taken waits only while the wait it can expect (its place in the queue times the measured
 * service time, divided by the slots) stays within {@code max-wait}; otherwise it is refused at once.
 */
@ConfigMapping(prefix = "twinstack.admission")
interface AdmissionConfig {

    /**
     * The most requests that may wait at once, whatever the expected wait: a ceiling against a service time measured
     * too low (0: none wait). Waiting requests hold no thread, only their connection.
     */
    @WithDefault("1000")
    int queue();

    /**
     * The longest wait for a slot, and the bound on the expected wait a request is admitted to; kept below the pool's
     * acquisition timeout so a waiting request never times out twice.
     */
    @WithDefault("1s")
    Duration maxWait();

    /** The {@code Retry-After} a refused client is given. */
    @WithDefault("1s")
    Duration retryAfter();
}
