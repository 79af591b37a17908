package dev.twinstack.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.twinstack.results.ErrorBodies;
import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.LedgerRecord.Item;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The one CRUD flow every target is measured with: find a random seeded user, place an order for that user with an
 * Idempotency-Key, list the user's latest 10 orders. Every step checks status and body, so errors are counted, not
 * hidden; a failed step ends that user's flow.
 *
 * <p>The order is placed as a careful client places it ({@link OrderWrite}, {@link RetryPolicy}): a write whose
 * outcome is unknown (no response, a 5xx, 409 still in flight, 429) is sent again with the same key and body, at most
 * three times in all, after Retry-After or a jittered backoff; each attempt is a request of its own in Gatling's
 * figures and the request log. With a ledger, each write's final outcome is recorded there for the lab to reconcile.
 */
public class CrudSimulation extends Simulation {

    private static final String COLD_HEADER = "X-Cold-Start";
    private static final String SKU = "BOOK-1";
    private static final String WRITE = "write";

    /** How long a generator waits at the start barrier for the others (pods pulling the image, scheduling). */
    private static final Duration START_LIMIT = Duration.ofMinutes(10);

    private static final String RETRY_AFTER_HEADER = "Retry-After";

    private final RunSettings settings = RunSettings.fromSystem();
    private final RetryPolicy retries = RetryPolicy.CAREFUL_CLIENT;
    private final JsonLinesFile<RequestRecord> log = settings.requestLog()
            .map(file -> new JsonLinesFile<RequestRecord>(Path.of(file), "request log", ResultsJson::line))
            .orElse(null);
    private final JsonLinesFile<LedgerRecord> ledger = settings.ledger()
            .map(file -> new JsonLinesFile<LedgerRecord>(Path.of(file), "ledger", ResultsJson::line))
            .orElse(null);

    /** This generator's part of the profile, and the collector it meets the others at (several generators). */
    private final LoadSlice slice = LoadSlice.fromSystem();

    private final Optional<CollectorClient> collector = CollectorClient.fromSystem(slice);

    private final Iterator<Map<String, Object>> seededUsers = Stream.generate(() -> {
                int n = ThreadLocalRandom.current().nextInt(1, settings.seededUsers() + 1);
                return Map.<String, Object>of(
                        "email", "seed-%06d@example.com".formatted(n),
                        "subject", "seed-%06d".formatted(n),
                        "idempotencyKey", UUID.randomUUID().toString(),
                        // A quantity of its own per write, so that the ledger's check of the stored items means
                        // something.
                        "qty", ThreadLocalRandom.current().nextInt(1, 4));
            })
            .iterator();

    /** Each seeded user's bearer token, minted here or read from a file; none without auth settings. */
    private final Optional<BearerTokens> tokens = BearerTokens.from(settings.auth());

    private final HttpProtocolBuilder protocol = authorized(http.baseUrl(settings.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections());

    private final ScenarioBuilder flow = scenario("crud flow")
            .feed(seededUsers)
            .exec(bearer(BearerTokens::admin))
            .exec(step(
                    "find user",
                    http("find user").get("/api/users").queryParam("email", "#{email}"),
                    status().is(200),
                    jsonPath("$.items[0].id").saveAs("userId")))
            .exitHereIfFailed()
            .exec(bearer(null))
            .exec(placeOrder())
            .exec(step(
                    "list orders",
                    http("list orders")
                            .get("/api/orders")
                            .queryParam("userId", "#{userId}")
                            .queryParam("limit", "10"),
                    status().is(200),
                    jsonPath("$.items[?(@.id == #{orderId})]").exists()));

    {
        System.out.printf(
                "[scenarios] %s against %s, scale %.2f, ~%d s of injection%n",
                settings.profile().name().toLowerCase(),
                settings.baseUrl(),
                settings.scale(),
                settings.profile().seconds(settings.burstGapSeconds(), settings.holdSeconds()));
        System.out.printf(
                "[scenarios] auth: %s%n",
                settings.auth().tokens().isPresent()
                        ? tokens.isPresent()
                                ? "bearer tokens from "
                                        + settings.auth().tokens().get()
                                : "none (no tokens file at "
                                        + settings.auth().tokens().get() + ")"
                        : settings.auth().tokenKey().isPresent()
                                ? "bearer tokens minted here (iss "
                                        + settings.auth().tokenIssuer() + ", aud "
                                        + settings.auth().tokenAudience() + ")"
                                : "none");
        if (collector.isPresent() && log == null) {
            throw new IllegalArgumentException("a load collector takes the request log: set requestLog too");
        }
        if (slice.count() > 1) {
            System.out.printf("[scenarios] load generator %d of %d%n", slice.index() + 1, slice.count());
        }
        setUp(flow.injectOpen(settings.profile()
                        .steps(settings.scale(), settings.burstGapSeconds(), settings.holdSeconds(), slice)))
                .protocols(protocol)
                .assertions(slos());
    }

    private HttpProtocolBuilder authorized(HttpProtocolBuilder base) {
        return tokens.isPresent() ? base.header("Authorization", session -> session.getString("bearer")) : base;
    }

    /**
     * The token the next requests carry: {@code which} of the run's tokens, or (null) the user's own; nothing without
     * tokens.
     */
    private ChainBuilder bearer(Function<BearerTokens, String> which) {
        return exec(session -> tokens.map(t -> session.set(
                        "bearer",
                        "Bearer " + (which == null ? t.forSubject(session.getString("subject")) : which.apply(t))))
                .orElse(session));
    }

    /**
     * The SLO assertions that fail the run. With several generators, none: a generator sees only its slice, and a
     * generator failing on its own would fail the Kubernetes Job and stop the others before they hand over their logs;
     * the SLOs are judged once, on the merged requests, by whoever merges them.
     */
    private List<Assertion> slos() {
        if (slice.count() > 1) {
            return List.of();
        }
        return List.of(
                global().failedRequests().percent().lte(settings.sloErrorPct()),
                global().responseTime().percentile(95).lt(settings.sloP95Ms()),
                global().responseTime().percentile(99).lt(settings.sloP99Ms()));
    }

    /** With a collector, the start barrier: every generator starts its injection at the same time. */
    @Override
    public void before() {
        collector.ifPresent(c -> {
            try {
                long startAt = c.awaitStart(START_LIMIT);
                System.out.printf("[scenarios] all %d load generators ready, starting at %d%n", slice.count(), startAt);
                Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the start barrier", e);
            }
        });
    }

    @Override
    public void after() {
        if (log != null) {
            log.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        collector.ifPresent(c -> {
            try {
                c.send(Path.of(settings.requestLog().orElseThrow()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing over the request log", e);
            }
        });
    }

    /**
     * Places the order, retrying while its outcome is unknown and attempts are left; then records the write in the
     * ledger. The flow goes on only with an acknowledged order.
     */
    private ChainBuilder placeOrder() {
        HttpRequestActionBuilder post = http("place order")
                .post("/api/orders")
                .header("Idempotency-Key", session -> write(session).key())
                .body(StringBody(session -> write(session).body()));
        return exec(session -> session.set(
                        WRITE,
                        OrderWrite.of(
                                session.getString("idempotencyKey"),
                                Long.parseLong(String.valueOf(session.<Object>get("userId"))),
                                List.of(new Item(SKU, session.getInt("qty"))))))
                .asLongAs(session -> write(session).goOn(retries), "attempt", false)
                .on(step(
                                "place order",
                                post,
                                status().in(200, 201),
                                jsonPath("$.status").is("PLACED"))
                        .exec(this::answered)
                        .doIf(session -> write(session).goOn(retries))
                        .then(exec(session -> session.set("backoff", backoff(session)))
                                .pause(session -> session.<Duration>get("backoff"))))
                .exec(session -> {
                    if (ledger != null) {
                        ledger.record(write(session).record());
                    }
                    return session;
                })
                .exitHereIf(session -> !write(session).acknowledged());
    }

    private Session answered(Session session) {
        OrderWrite write = write(session)
                .answered(
                        session.contains("status") ? session.getInt("status") : 0,
                        session.contains("body") ? session.getString("body") : null);
        Session next = session.set(WRITE, write);
        if (write.acknowledged()) {
            // A retry placed (or replayed) it: the earlier attempts' failures stay counted, the flow goes on.
            next = next.set("orderId", write.orderId().orElseThrow()).markAsSucceeded();
        }
        return next;
    }

    private Duration backoff(Session session) {
        return retries.backoff(
                write(session).statuses().size(),
                RetryPolicy.retryAfterSeconds(session.contains("retryAfter") ? session.getString("retryAfter") : null),
                ThreadLocalRandom.current()::nextDouble);
    }

    private static OrderWrite write(Session session) {
        return session.get(WRITE);
    }

    /**
     * A request with its checks; with a request log, its outcome is recorded too (and what its error body leaked of
     * the service's internals, if anything). The measurement checks come before the validations, so they are saved
     * even when a validation fails.
     */
    private ChainBuilder step(String name, HttpRequestActionBuilder request, CheckBuilder... validations) {
        return exec(session -> session.removeAll("rt", "status", "cold", "body", "retryAfter"))
                .exec(request.check(
                                responseTimeInMillis().saveAs("rt"),
                                status().saveAs("status"),
                                header(COLD_HEADER).optional().saveAs("cold"),
                                header(RETRY_AFTER_HEADER).optional().saveAs("retryAfter"),
                                bodyString().saveAs("body"))
                        .check(validations))
                .exec(session -> record(name, session));
    }

    private Session record(String name, Session session) {
        if (log == null) {
            return session;
        }
        int statusCode = session.contains("status") ? session.getInt("status") : 0;
        Optional<Long> latency = session.contains("rt") ? Optional.of(session.getLong("rt")) : Optional.empty();
        Optional<String> leak = statusCode >= 400 && session.contains("body")
                ? ErrorBodies.leak(session.getString("body"))
                : Optional.empty();
        log.record(new RequestRecord(
                System.currentTimeMillis(),
                name,
                statusCode,
                latency,
                session.contains("cold"),
                leak,
                session.contains("retryAfter"),
                // Gatling's virtual user is one run of the flow; its id is unique within one generator.
                Optional.of(slice.index() + "-" + session.userId())));
        return session;
    }
}
