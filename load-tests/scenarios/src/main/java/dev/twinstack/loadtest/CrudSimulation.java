package dev.twinstack.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.twinstack.results.RequestRecord;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The one CRUD flow every target is measured with: find a random seeded user, place an order for that user with an
 * Idempotency-Key, list the user's latest 10 orders. Every step checks status and body, so errors are counted, not
 * hidden; a failed step ends that user's flow.
 */
public class CrudSimulation extends Simulation {

    private static final String COLD_HEADER = "X-Cold-Start";
    private static final String RETRY_AFTER_HEADER = "Retry-After";

    private final RunSettings settings = RunSettings.fromSystem();
    private final RequestLog log =
            settings.requestLog().map(Path::of).map(RequestLog::new).orElse(null);

    private final Iterator<Map<String, Object>> seededUsers = Stream.generate(() -> {
                int n = ThreadLocalRandom.current().nextInt(1, settings.seededUsers() + 1);
                return Map.<String, Object>of(
                        "email", "seed-%06d@example.com".formatted(n),
                        "idempotencyKey", UUID.randomUUID().toString());
            })
            .iterator();

    private final HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder flow = scenario("crud flow")
            .feed(seededUsers)
            .exec(step(
                    "find user",
                    http("find user").get("/api/users").queryParam("email", "#{email}"),
                    status().is(200),
                    jsonPath("$.items[0].id").saveAs("userId")))
            .exitHereIfFailed()
            .exec(step(
                    "place order",
                    http("place order")
                            .post("/api/orders")
                            .header("Idempotency-Key", "#{idempotencyKey}")
                            .body(StringBody("{\"userId\":#{userId},\"items\":[{\"sku\":\"BOOK-1\",\"qty\":2}]}")),
                    status().is(201),
                    jsonPath("$.id").saveAs("orderId"),
                    jsonPath("$.status").is("PLACED")))
            .exitHereIfFailed()
            .exec(step(
                    "list orders",
                    http("list orders")
                            .get("/api/orders")
                            .queryParam("userId", "#{userId}")
                            .queryParam("limit", "10")
                            .check(
                                    status().is(200),
                                    jsonPath("$.items[?(@.id == #{orderId})]").exists())));

    {
        System.out.printf(
                "[scenarios] %s against %s, scale %.2f, ~%d s of injection%n",
                settings.profile().name().toLowerCase(),
                settings.baseUrl(),
                settings.scale(),
                settings.profile().seconds(settings.burstGapSeconds(), settings.holdSeconds()));
        setUp(flow.injectOpen(
                        settings.profile().steps(settings.scale(), settings.burstGapSeconds(), settings.holdSeconds())))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().percent().lte(settings.sloErrorPct()),
                        global().responseTime().percentile(95).lt(settings.sloP95Ms()),
                        global().responseTime().percentile(99).lt(settings.sloP99Ms()));
    }

    @Override
    public void after() {
        if (log != null) {
            log.close();
        }
    }

    /**
     * A request with its checks; with a request log, its outcome is recorded too. The measurement checks come before
     * the validations, so they are saved even when a validation fails.
     */
    private ChainBuilder step(String name, HttpRequestActionBuilder request, CheckBuilder... validations) {
        if (log == null) {
            return exec(request.check(validations));
        }
        return exec(session -> session.removeAll("rt", "status", "cold", "retryAfter"))
                .exec(request.check(
                                responseTimeInMillis().saveAs("rt"),
                                status().saveAs("status"),
                                header(COLD_HEADER).optional().saveAs("cold"),
                                header(RETRY_AFTER_HEADER).optional().saveAs("retryAfter"))
                        .check(validations))
                .exec(session -> record(name, session));
    }

    private Session record(String name, Session session) {
        int statusCode = session.contains("status") ? session.getInt("status") : 0;
        Optional<Long> latency = session.contains("rt") ? Optional.of(session.getLong("rt")) : Optional.empty();
        log.record(new RequestRecord(
                System.currentTimeMillis(),
                name,
                statusCode,
                latency,
                session.contains("cold"),
                session.contains("retryAfter")));
        return session;
    }
}
