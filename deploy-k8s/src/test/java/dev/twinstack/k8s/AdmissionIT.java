package dev.twinstack.k8s;

import static dev.twinstack.k8s.Fixtures.createUser;
import static dev.twinstack.k8s.Fixtures.lockUser;
import static dev.twinstack.k8s.Fixtures.orderFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admission sized from what the pool serves, on the packaged server and a real PostgreSQL: a burst of 200 clients at
 * one instant, which the pool works off within the maximum wait, is served whole; a database that serves nothing gets
 * every further request refused at once with 503 and Retry-After, while readiness stays UP and nothing waits on the
 * pool. Both assert on answers and the server's metrics, never on durations (the machine may be slow).
 */
class AdmissionIT {

    private static final int CLIENTS = 200;
    private static final int POOL = 8;
    /** Long enough that a slow, shared machine still serves the burst within it; the test checks that it did. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** Longer than the wait, so a refusal by the pool's timeout would show as a different answer. */
    private static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(30);
    /** A safety net only: every wait below ends on observed state. */
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void aBurstThePoolServesWithinMaxWaitIsServedWhole() throws Exception {
        try (PackagedServer server = start(POOL, MAX_WAIT)) {
            int port = server.uri("/").getPort();
            int management = server.managementUri("/").getPort();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                // given a server that has measured its service time
                createUser(port);
                for (int i = 0; i < 2 * POOL; i++) {
                    assertEquals(200, Http.get(port, "/api/users?limit=1").status());
                }
                await().atMost(DEADLINE).until(() -> serviceTimeSeconds(management) > 0);

                // when 200 clients send a request at one instant
                CyclicBarrier instant = new CyclicBarrier(CLIENTS);
                List<Future<Http.Exchange>> burst = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    burst.add(clients.submit(() -> {
                        instant.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                        return Http.get(port, "/api/users?limit=1");
                    }));
                }
                List<Http.Exchange> answers = new ArrayList<>();
                for (Future<Http.Exchange> answer : burst) {
                    answers.add(answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                }

                // then, as long as the last in line could expect to be served within the maximum wait,
                double serviceTime = serviceTimeSeconds(management);
                double lastInLine = (CLIENTS - POOL) * serviceTime / POOL;
                assertTrue(
                        lastInLine < MAX_WAIT.toSeconds(),
                        "the machine is too slow for this test: the last of the burst could expect " + lastInLine
                                + " s at " + serviceTime + " s per request");
                // every request is served, none refused
                Map<Integer, Long> statuses =
                        answers.stream().collect(Collectors.groupingBy(Http.Exchange::status, Collectors.counting()));
                assertEquals(Map.of(200, (long) CLIENTS), statuses, () -> "answers by status: " + statuses);
                assertEquals(0, refusals(management, "queue-full") + refusals(management, "wait-timeout"));
                assertEquals(0, metric(management, "agroal_awaiting_count", "datasource=\"default\""));
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void aDatabaseThatServesNothingGetsFurtherRequestsRefusedAtOnceWithRetryAfter() throws Exception {
        int pool = 2;
        int excess = 50;
        Duration maxWait = Duration.ofSeconds(2);
        try (PackagedServer server = start(pool, maxWait);
                Connection lock = database.db().adminConnection()) {
            int port = server.uri("/").getPort();
            int management = server.managementUri("/").getPort();
            long stuckUser = createUser(port);
            ExecutorService clients = Executors.newCachedThreadPool();
            try {
                // given both pooled connections stuck behind a lock the test holds
                lock.setAutoCommit(false);
                lockUser(lock, stuckUser);
                List<Future<Http.Exchange>> stuck = new ArrayList<>();
                for (int i = 0; i < pool; i++) {
                    stuck.add(clients.submit(() -> Http.postJson(port, "/api/orders", orderFor(stuckUser))));
                }
                await().atMost(DEADLINE).until(() -> metric(management, "agroal_active_count", "default") == pool);
                // and no slot changing hands for max-wait: a request arriving now is refused without waiting
                await().atMost(DEADLINE)
                        .until(() ->
                                Http.get(port, "/api/users?limit=1").body().contains(DatabaseAdmission.QUEUE_FULL));
                double refusedBefore = refusals(management, "queue-full");
                double timedOutBefore = refusals(management, "wait-timeout");

                // when many more requests arrive at once
                CyclicBarrier instant = new CyclicBarrier(excess);
                List<Future<Http.Exchange>> more = new ArrayList<>();
                for (int i = 0; i < excess; i++) {
                    more.add(clients.submit(() -> {
                        instant.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                        return Http.get(port, "/api/users?limit=1");
                    }));
                }
                List<Http.Exchange> answers = new ArrayList<>();
                for (Future<Http.Exchange> answer : more) {
                    answers.add(answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                }

                // then each is refused at once (none waited: no wait ran out), with Retry-After and problem+json
                assertAll(answers.stream().map(r -> () -> assertRefusedAtOnce(r)));
                assertEquals(refusedBefore + excess, refusals(management, "queue-full"));
                assertEquals(timedOutBefore, refusals(management, "wait-timeout"), "none of them waited");
                assertEquals(0, metric(management, "twinstack_admission_waiting", ""));
                assertEquals(0, metric(management, "agroal_awaiting_count", "datasource=\"default\""));
                assertEquals(200, Http.get(management, "/q/health/ready").status(), "readiness stays UP");

                // and when the database moves again, the stuck requests finish and the pod serves again
                lock.commit();
                for (Future<Http.Exchange> f : stuck) {
                    assertEquals(
                            201, f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).status());
                }
                Http.Exchange after = Http.get(port, "/api/users?limit=1");
                assertEquals(200, after.status(), after::toString);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static PackagedServer start(int pool, Duration maxWait) {
        return PackagedServer.start(
                database.db(),
                Map.of(
                        "QUARKUS_DATASOURCE_JDBC_MAX_SIZE",
                        Integer.toString(pool),
                        "QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT",
                        ACQUISITION_TIMEOUT.toSeconds() + "S",
                        "TWINSTACK_ADMISSION_MAX_WAIT",
                        maxWait.toSeconds() + "S",
                        // Not a request: its runs would use the pool beside the test's requests.
                        "TWINSTACK_IDEMPOTENCY_CLEANUP_EVERY",
                        "off"));
    }

    private static void assertRefusedAtOnce(Http.Exchange r) {
        assertEquals(503, r.status(), r::toString);
        assertEquals("1", r.header("Retry-After"), r::toString);
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r::toString);
        assertTrue(r.body().contains("\"detail\":\"" + DatabaseAdmission.QUEUE_FULL + "\""), r::toString);
    }

    private static double serviceTimeSeconds(int management) {
        return metric(management, "twinstack_admission_service_time_seconds", "");
    }

    private static double refusals(int management, String reason) {
        return metric(management, "twinstack_admission_refused_total", "reason=\"" + reason + "\"");
    }

    /** The first series of {@code name} whose labels contain {@code labels}, as Prometheus scrapes it. */
    private static double metric(int port, String name, String labels) {
        Http.Exchange metrics = Http.get(port, "/q/metrics", "text/plain");
        assertEquals(200, metrics.status(), metrics::toString);
        return metrics.body()
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " {" + labels + "} is not on /q/metrics"));
    }
}
