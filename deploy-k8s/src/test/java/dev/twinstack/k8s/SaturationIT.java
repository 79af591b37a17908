package dev.twinstack.k8s;

import static dev.twinstack.k8s.Fixtures.createUser;
import static dev.twinstack.k8s.Fixtures.lockUser;
import static dev.twinstack.k8s.Fixtures.orderFor;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod whose database work is stuck: with a pool of 2 and both connections waiting on a lock the test holds, every
 * further request is answered 503 with Retry-After within the acquisition timeout (at once beyond the small wait
 * queue), readiness stays UP, and the service recovers fully once the database moves again.
 */
class SaturationIT {

    private static final int POOL = 2;
    private static final int QUEUE = 2;
    private static final int EXCESS = 8;
    private static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void answersExcessLoadAtOnceWith503AndStaysReady() throws Exception {
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
                                MAX_WAIT.toSeconds() + "S"));
                Connection lock = database.db().adminConnection()) {
            int port = server.uri("/").getPort();
            long stuckUser = createUser(port);
            ExecutorService clients = Executors.newCachedThreadPool();

            // given both pooled connections stuck behind a lock the test holds
            lock.setAutoCommit(false);
            lockUser(lock, stuckUser);
            List<Future<Http.Exchange>> stuck = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                stuck.add(clients.submit(() -> Http.postJson(port, "/api/orders", orderFor(stuckUser))));
            }
            PackagedServer.sleep(Duration.ofMillis(500));

            // when more requests arrive than the pod has capacity and queue for
            List<Future<Timed>> excess = new ArrayList<>();
            for (int i = 0; i < QUEUE + EXCESS; i++) {
                excess.add(clients.submit(() -> Timed.of(() -> Http.get(port, "/api/users?limit=1"))));
            }

            // then each is refused, fast, in a form a client can act on, and the pod stays ready
            Http.Exchange ready = Http.get(port, "/q/health/ready");
            List<Timed> refused = new ArrayList<>();
            for (Future<Timed> f : excess) {
                refused.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(200, ready.status(), "readiness stays UP under saturation: " + ready);
            assertAll(refused.stream().map(r -> () -> {
                assertEquals(503, r.exchange().status(), r::toString);
                assertEquals("1", r.exchange().header("Retry-After"), r::toString);
                assertTrue(r.exchange().header("Content-Type").startsWith("application/problem+json"), r::toString);
                assertTrue(r.took().compareTo(ACQUISITION_TIMEOUT) < 0, () -> "answered within the timeout: " + r);
            }));
            long immediate = refused.stream()
                    .filter(r -> r.took().compareTo(MAX_WAIT) < 0)
                    .count();
            assertTrue(immediate >= EXCESS, "requests beyond the wait queue are refused at once: " + refused);
            assertEquals(200, Http.get(port, "/q/health/ready").status(), "readiness stays UP under saturation");

            // and when the database moves again, the stuck requests finish and the pod serves everything
            lock.commit();
            for (Future<Http.Exchange> f : stuck) {
                assertEquals(201, f.get(10, TimeUnit.SECONDS).status());
            }
            List<Future<Http.Exchange>> after = new ArrayList<>();
            for (int i = 0; i < POOL * 5; i++) {
                after.add(clients.submit(() -> Http.postJson(port, "/api/orders", orderFor(stuckUser))));
                PackagedServer.sleep(Duration.ofMillis(20));
            }
            for (Future<Http.Exchange> f : after) {
                assertEquals(201, f.get(10, TimeUnit.SECONDS).status(), "recovered after saturation");
            }
            clients.shutdownNow();
        }
    }

    record Timed(Http.Exchange exchange, Duration took) {
        static Timed of(java.util.function.Supplier<Http.Exchange> call) {
            long start = System.nanoTime();
            Http.Exchange exchange = call.get();
            return new Timed(exchange, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
