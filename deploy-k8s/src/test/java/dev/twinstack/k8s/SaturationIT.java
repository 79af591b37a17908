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
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod whose database work is stuck: with a pool of 2 and both connections waiting on a lock the test holds, the
 * requests beyond the wait queue's ceiling (set to 2 here) are refused at once with 503 and Retry-After, the queued
 * ones after the wait
 * (by the admission limit, before the pool's own acquisition timeout, and without ever waiting on the pool),
 * readiness stays UP, and the service recovers fully once the database moves again. Every step waits on what the
 * server shows (its pool metrics, its answers), never on the clock.
 */
class SaturationIT {

    private static final int POOL = 2;
    private static final int QUEUE = 2;
    private static final int EXCESS = 8;
    /**
     * Longer than it takes to send all the excess requests, so the queued ones still wait while those are refused, and
     * longer than the pool may stand still before they arrive (a pool that has handed out no slot for max-wait refuses
     * every request at once: AdmissionIT).
     */
    private static final Duration MAX_WAIT = Duration.ofSeconds(6);
    /** Longer than the wait, so a refusal by the pool's timeout would show as a different answer. */
    private static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(10);
    /** A safety net only: every wait below ends on observed state. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void refusesExcessLoadAtOnceWith503QueuesAFewAndStaysReady() throws Exception {
        try (PackagedServer server = PackagedServer.start(
                        database.db(),
                        Map.of(
                                "QUARKUS_DATASOURCE_JDBC_MAX_SIZE",
                                Integer.toString(POOL),
                                "QUARKUS_DATASOURCE_JDBC_MIN_SIZE",
                                "0",
                                "QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT",
                                ACQUISITION_TIMEOUT.toSeconds() + "S",
                                "TWINSTACK_ADMISSION_QUEUE",
                                Integer.toString(QUEUE),
                                "TWINSTACK_ADMISSION_MAX_WAIT",
                                MAX_WAIT.toSeconds() + "S",
                                // The expired-key cleanup is a pool user that is no request: on its first run,
                                // right after start, it may wait on the saturated pool, which is not what the
                                // pool's awaiting count is read for here.
                                "TWINSTACK_IDEMPOTENCY_CLEANUP_EVERY",
                                "off"));
                Connection lock = database.db().adminConnection()) {
            int port = server.uri("/").getPort();
            int management = server.managementUri("/").getPort();
            long stuckUser = createUser(port);
            ExecutorService clients = Executors.newCachedThreadPool();

            // given both pooled connections stuck behind a lock the test holds
            lock.setAutoCommit(false);
            lockUser(lock, stuckUser);
            List<Future<Http.Exchange>> stuck = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                stuck.add(clients.submit(() -> Http.postJson(port, "/api/orders", orderFor(stuckUser))));
            }
            await().atMost(DEADLINE).until(() -> poolMetric(management, "agroal_active_count") == POOL);

            // when more requests arrive than the pod has capacity and queue for
            CompletionService<Http.Exchange> answers = new ExecutorCompletionService<>(clients);
            for (int i = 0; i < QUEUE + EXCESS; i++) {
                answers.submit(() -> Http.get(port, "/api/users?limit=1"));
            }

            // then the requests beyond the queue are answered first, while the queued ones still wait
            List<Http.Exchange> atOnce = take(answers, EXCESS);
            double waitingOnThePool = poolMetric(management, "agroal_awaiting_count");
            Http.Exchange ready = Http.get(management, "/q/health/ready");
            List<Http.Exchange> afterWaiting = take(answers, QUEUE);

            assertAll(atOnce.stream().map(r -> () -> assertRefused(r, DatabaseAdmission.QUEUE_FULL)));
            assertAll(afterWaiting.stream().map(r -> () -> assertRefused(r, DatabaseAdmission.BUSY)));
            assertEquals(0, waitingOnThePool, "requests wait for admission, never on the pool");
            assertEquals(200, ready.status(), "readiness stays UP under saturation: " + ready);
            assertEquals(200, Http.get(management, "/q/health/ready").status(), "readiness stays UP under saturation");

            // and when the database moves again, the stuck requests finish and the pod serves everything
            lock.commit();
            for (Future<Http.Exchange> f : stuck) {
                assertEquals(201, f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).status());
            }
            for (int i = 0; i < POOL * 5; i++) {
                Http.Exchange order = Http.postJson(port, "/api/orders", orderFor(stuckUser));
                assertEquals(201, order.status(), () -> "recovered after saturation: " + order);
            }
            clients.shutdownNow();
        }
    }

    private static void assertRefused(Http.Exchange r, String detail) {
        assertEquals(503, r.status(), r::toString);
        assertEquals("1", r.header("Retry-After"), r::toString);
        assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r::toString);
        assertTrue(r.body().contains("\"detail\":\"" + detail + "\""), r::toString);
    }

    private static List<Http.Exchange> take(CompletionService<Http.Exchange> answers, int count) throws Exception {
        List<Http.Exchange> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Future<Http.Exchange> next = answers.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(next != null, "an answer within the safety deadline");
            taken.add(next.get());
        }
        return taken;
    }

    /** A pool gauge of the default datasource, as Prometheus scrapes it from {@code /q/metrics}. */
    private static double poolMetric(int port, String name) {
        Http.Exchange metrics = Http.get(port, "/q/metrics", "text/plain");
        assertEquals(200, metrics.status(), metrics::toString);
        return metrics.body()
                .lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("datasource=\"default\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not on /q/metrics: "
                        + metrics.body()
                                .lines()
                                .filter(l -> l.contains("agroal"))
                                .toList()));
    }
}
