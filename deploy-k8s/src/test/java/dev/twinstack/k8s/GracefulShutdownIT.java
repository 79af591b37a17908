package dev.twinstack.k8s;

import static dev.twinstack.k8s.Fixtures.createUser;
import static dev.twinstack.k8s.Fixtures.lockUser;
import static dev.twinstack.k8s.Fixtures.orderFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod being deleted while it serves steady traffic: the packaged server gets SIGTERM mid-stream. A load balancer
 * stand-in opens a new connection per request and stops routing to the pod shortly after its readiness turns DOWN,
 * as endpoints do. Nothing it had sent may fail, including a request still running when draining starts.
 */
class GracefulShutdownIT {

    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long the load balancer keeps routing after it saw the pod unready; must be shorter than DELAY. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    private static final int CLIENTS = 6;
    private static final Duration STEADY_TRAFFIC = Duration.ofSeconds(2);

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void drainsEveryAcceptedRequestAndKeepsEveryAcknowledgedOrder() throws Exception {
        TestDatabase db = database.db();
        try (PackagedServer server = PackagedServer.start(
                        db,
                        Map.of(
                                "QUARKUS_SHUTDOWN_DELAY", seconds(DELAY),
                                "QUARKUS_SHUTDOWN_TIMEOUT", seconds(TIMEOUT)));
                Connection lock = db.adminConnection()) {
            int port = server.uri("/").getPort();
            long loadUser = createUser(port);
            long slowUser = createUser(port);

            // given steady traffic, each request on a new connection
            LoadBalancer balancer = new LoadBalancer(port, loadUser);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 2);
            List<Future<?>> running = new CopyOnWriteArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(clients.submit(balancer::drive));
            }
            PackagedServer.sleep(STEADY_TRAFFIC);

            // and a request that will still be running when draining starts (its user row is locked by the test)
            lock.setAutoCommit(false);
            lockUser(lock, slowUser);
            Future<Http.Exchange> slow = clients.submit(() -> Http.postJson(port, "/api/orders", orderFor(slowUser)));

            // when the kubelet sends SIGTERM
            long acknowledgedBefore = balancer.acknowledged.get();
            long sigterm = System.nanoTime();
            server.sigterm();
            Future<?> watcher = clients.submit(() -> balancer.watchReadiness(sigterm));

            // the lock is released only after the delay, once draining has begun
            PackagedServer.sleep(DELAY.plusMillis(500));
            lock.commit();

            boolean exited = server.process().waitFor(DELAY.plus(TIMEOUT));
            long exitedAfter = System.nanoTime() - sigterm;
            balancer.stop();
            watcher.get(5, TimeUnit.SECONDS);
            for (Future<?> client : running) {
                client.get(5, TimeUnit.SECONDS);
            }
            clients.shutdownNow();

            // then
            assertTrue(exited, "the server exits within shutdown delay + timeout; see " + server.log());
            assertTrue(
                    Duration.ofNanos(exitedAfter).compareTo(DELAY) >= 0,
                    "the server keeps serving for the whole delay before it stops");
            assertEquals(List.of(), List.copyOf(balancer.failures), "no accepted request failed");
            assertTrue(
                    balancer.acknowledged.get() - acknowledgedBefore > CLIENTS,
                    "traffic kept flowing after SIGTERM: " + (balancer.acknowledged.get() - acknowledgedBefore));
            Http.Exchange slowResult = slow.get(1, TimeUnit.SECONDS);
            assertEquals(
                    201, slowResult.status(), "the request in flight when draining began completed: " + slowResult);

            long unready = balancer.unreadyAt.get() - sigterm;
            long refused = balancer.refusedAt.get() - sigterm;
            assertTrue(balancer.unreadyAt.get() > 0, "readiness turned DOWN while the listener was still open");
            assertTrue(balancer.refusedAt.get() > 0, "the listener closed");
            assertTrue(unready < PROPAGATION.toNanos(), "readiness turned DOWN right after SIGTERM");
            assertTrue(
                    refused >= DELAY.toNanos(),
                    "the listener stayed open for the whole delay: closed after " + Duration.ofNanos(refused));

            assertEquals(
                    balancer.acknowledged.get(),
                    db.count("select count(*) from orders where user_id = ?", loadUser),
                    "every acknowledged order is stored");
            assertEquals(1, db.count("select count(*) from orders where user_id = ?", slowUser));
        }
    }

    /** Routes requests to the pod until it has seen it unready for {@link #PROPAGATION}, as endpoints do. */
    private static final class LoadBalancer {
        private final int port;
        private final long userId;
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final ConcurrentLinkedQueue<Http.Exchange> failures = new ConcurrentLinkedQueue<>();
        private final AtomicLong unreadyAt = new AtomicLong();
        private final AtomicLong refusedAt = new AtomicLong();
        private volatile boolean stopped;

        LoadBalancer(int port, long userId) {
            this.port = port;
            this.userId = userId;
        }

        void drive() {
            while (routing()) {
                Http.Exchange result = Http.postJson(port, "/api/orders", orderFor(userId));
                if (result.ok()) {
                    acknowledged.incrementAndGet();
                } else if (result.accepted()) {
                    failures.add(result);
                }
            }
        }

        /** Probes readiness, as the kubelet does, until the listener refuses connections (or the deadline passes). */
        void watchReadiness(long since) {
            long deadline = since + DELAY.plus(TIMEOUT).plusSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                Http.Exchange probe = Http.get(port, "/q/health/ready");
                if (!probe.accepted()) {
                    refusedAt.compareAndSet(0, System.nanoTime());
                    return;
                }
                if (probe.status() == 503) {
                    unreadyAt.compareAndSet(0, System.nanoTime());
                }
                PackagedServer.sleep(Duration.ofMillis(50));
            }
        }

        private boolean routing() {
            long unready = unreadyAt.get();
            return !stopped && (unready == 0 || System.nanoTime() - unready < PROPAGATION.toNanos());
        }

        void stop() {
            stopped = true;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "S";
    }
}
