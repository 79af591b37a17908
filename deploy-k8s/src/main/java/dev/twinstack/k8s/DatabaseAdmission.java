package dev.twinstack.k8s;

import dev.twinstack.platform.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bounds the number of API requests that use or wait for the database. Every API request needs one pooled
 * connection, so at most pool-max-size requests run at once; up to {@code twinstack.admission.queue} more wait up to
 * {@code max-wait} for a slot; anything beyond is refused at once with 503 and {@code Retry-After}. Without this,
 * excess requests would pile up on worker threads waiting for the pool's acquisition timeout, and a client (or the
 * load balancer) would see slow failures instead of a fast, retryable answer.
 *
 * <p>Only application requests pass here (JAX-RS resources under /api); health checks are routes of their own and
 * never wait for a slot, so saturation never makes the pod unready. The filter runs on the worker thread of the
 * blocking endpoint, so waiting blocks no event loop.
 *
 * <p>Refusals are counted ({@code twinstack_admission_refused_total}, by reason: the queue was full, or the wait ran
 * out) and the requests waiting right now are a gauge ({@code twinstack_admission_waiting}): the dashboard and the
 * alert rules read them. Both exist from the first request on, before any refusal.
 */
@ApplicationScoped
class DatabaseAdmission {

    /** The refusal of a request beyond the wait queue: at once, without waiting. */
    static final String QUEUE_FULL = "too many requests are waiting for the database; retry shortly";
    /** The refusal of a queued request that found no free slot within max-wait. */
    static final String BUSY = "the database is busy; retry shortly";

    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queue;
    private final long maxWaitNanos;
    private final int retryAfterSeconds;
    private final Counter refusedQueueFull;
    private final Counter refusedWaitTimeout;

    DatabaseAdmission(
            @ConfigProperty(name = "quarkus.datasource.jdbc.max-size") int poolMaxSize,
            AdmissionConfig config,
            MeterRegistry registry) {
        this.slots = new Semaphore(poolMaxSize, true);
        this.queue = config.queue();
        this.maxWaitNanos = config.maxWait().toNanos();
        this.retryAfterSeconds = (int) Math.max(1, config.retryAfter().toSeconds());
        this.refusedQueueFull = refusals(registry, "queue-full");
        this.refusedWaitTimeout = refusals(registry, "wait-timeout");
        Gauge.builder("twinstack.admission.waiting", waiting, AtomicInteger::get)
                .description("API requests waiting for a database slot right now")
                .register(registry);
    }

    private static Counter refusals(MeterRegistry registry, String reason) {
        return Counter.builder("twinstack.admission.refused")
                .description("API requests answered 503 because the database's slots and queue were taken")
                .tag("reason", reason)
                .register(registry);
    }

    @ServerRequestFilter
    void admit(RoutingContext request) throws InterruptedException {
        if (!slots.tryAcquire()) {
            awaitSlot();
        }
        // Released once the response is written or the connection is gone, whatever happened in between.
        request.addEndHandler(done -> slots.release());
    }

    private void awaitSlot() throws InterruptedException {
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            refusedQueueFull.increment();
            throw refused(QUEUE_FULL);
        }
        try {
            if (!slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                refusedWaitTimeout.increment();
                throw refused(BUSY);
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private ProblemException refused(String detail) {
        return ProblemException.unavailable(detail, retryAfterSeconds);
    }

    /** Slots free right now (for tests and diagnostics). */
    int available() {
        return slots.availablePermits();
    }
}
