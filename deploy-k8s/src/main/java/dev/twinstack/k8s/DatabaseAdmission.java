package dev.twinstack.k8s;

import dev.twinstack.platform.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bounds the API requests that use or wait for the database by what the pool can serve. Every API request needs one
 * pooled connection, so at most pool-max-size requests run at once; a request that finds them all taken waits for the
 * next free one only while the wait it can expect stays within {@code twinstack.admission.max-wait}, and is answered
 * 503 with {@code Retry-After} at once otherwise ({@link AdmissionQueue} has the rule). A burst the pool works off within
 * max-wait is served whole; a real overload is refused fast. Without a bound, excess requests would pile up waiting for
 * the pool's acquisition timeout, and a client (or the load balancer) would see slow failures instead of a fast,
 * retryable answer.
 *
 * <p>Only application requests pass here (JAX-RS resources under /api); health checks are routes of their own and never
 * wait for a slot, so saturation never makes the pod unready. The filter runs on the event loop before the request is
 * handed to a worker thread: a waiting request holds no thread (the worker threads stay free for the requests that hold
 * a slot, and for the health checks), and it reaches its worker only once it holds a slot, so no request ever waits on
 * the pool itself.
 *
 * <p>Refusals are counted ({@code twinstack_admission_refused_total}, by reason: refused at once, or the wait ran out)
 * and the requests waiting right now are a gauge ({@code twinstack_admission_waiting}): the dashboard and the alert
 * rules read them. Both exist from the first request on, before any refusal. The measured service time is a gauge too
 * ({@code twinstack_admission_service_time_seconds}).
 */
@ApplicationScoped
class DatabaseAdmission {

    /** The refusal of a request that may not wait: at once, without waiting. */
    static final String QUEUE_FULL = "too many requests are waiting for the database; retry shortly";
    /** The refusal of a queued request that found no free slot within max-wait. */
    static final String BUSY = "the database is busy; retry shortly";

    private final AdmissionQueue queue;
    private final Duration maxWait;
    private final int retryAfterSeconds;
    private final Counter refusedAtOnce;
    private final Counter refusedWaitTimeout;

    DatabaseAdmission(
            @ConfigProperty(name = "quarkus.datasource.jdbc.max-size") int poolMaxSize,
            AdmissionConfig config,
            MeterRegistry registry) {
        this.queue =
                new AdmissionQueue(poolMaxSize, config.queue(), config.maxWait().toNanos(), System::nanoTime);
        this.maxWait = config.maxWait();
        this.retryAfterSeconds = (int) Math.max(1, config.retryAfter().toSeconds());
        this.refusedAtOnce = refusals(registry, "queue-full");
        this.refusedWaitTimeout = refusals(registry, "wait-timeout");
        Gauge.builder("twinstack.admission.waiting", queue, AdmissionQueue::waiting)
                .description("API requests waiting for a database slot right now")
                .register(registry);
        Gauge.builder("twinstack.admission.service.time", queue, q -> q.serviceTimeNanos() / 1e9)
                .description("How long an API request holds its database slot: the running estimate admission uses")
                .baseUnit("seconds")
                .register(registry);
    }

    private static Counter refusals(MeterRegistry registry, String reason) {
        return Counter.builder("twinstack.admission.refused")
                .description("API requests answered 503 because the database could not serve them within max-wait")
                .tag("reason", reason)
                .register(registry);
    }

    // First of all filters: Quarkus runs non-blocking filters only before every blocking one (app's are at USER).
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.AUTHENTICATION - 100)
    Uni<Void> admit(RoutingContext request) {
        AdmissionQueue.Ticket ticket = queue.enter();
        // Registered first, whatever the outcome: the slot (or the place in the queue) is given up once the response is
        // written or the connection is gone, also when the client leaves while waiting.
        request.addEndHandler(done -> queue.leave(ticket));
        return switch (ticket.admission()) {
            case GRANTED -> Uni.createFrom().voidItem();
            case REFUSED -> {
                refusedAtOnce.increment();
                yield Uni.createFrom().failure(refused(QUEUE_FULL));
            }
            case QUEUED -> awaitSlot(ticket);
        };
    }

    private Uni<Void> awaitSlot(AdmissionQueue.Ticket ticket) {
        return Uni.createFrom()
                .completionStage(ticket.granted())
                .ifNoItem()
                .after(maxWait)
                .recoverWithUni(() -> switch (queue.expire(ticket)) {
                    case HOLDS_SLOT -> Uni.createFrom().voidItem(); // a slot reached it just in time
                    case REFUSED -> {
                        refusedWaitTimeout.increment();
                        yield Uni.createFrom().failure(refused(BUSY));
                    }
                    // Its client left while it waited: it must not run without a slot, and nobody reads the answer.
                    case GONE -> Uni.createFrom().failure(refused(BUSY));
                });
    }

    private ProblemException refused(String detail) {
        return ProblemException.unavailable(detail, retryAfterSeconds);
    }
}
