package dev.twinstack.k8s;

import static dev.twinstack.k8s.Fixtures.createUser;
import static dev.twinstack.k8s.Fixtures.lockUser;
import static dev.twinstack.k8s.Fixtures.orderFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod being deleted while it serves steady traffic: the packaged server gets SIGTERM mid-stream. A load balancer
 * stand-in opens a new connection per request and stops routing to the pod shortly after its readiness turns DOWN,
 * as endpoints do. Nothing it had sent may fail, including a request still running when draining starts.
 *
 * <p>The phases are observed, not timed: readiness DOWN while orders are still acknowledged (the delay), then Quarkus's
 * own log line that it waits for the requests in flight (the drain), then the process's exit.
 */
class GracefulShutdownIT {

    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long the load balancer keeps routing after it saw the pod unready; must be shorter than DELAY. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);
    /** A safety net only: every wait below ends on observed state. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** Quarkus's log lines when draining starts with requests in flight, and when the last one has finished. */
    private static final String DRAINING = "Waiting for HTTP requests to complete";

    private static final String DRAINED = "All HTTP requests complete";

    private static final int CLIENTS = 6;

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
            LoadBalancer balancer =
                    new LoadBalancer(port, server.managementUri("/").getPort(), loadUser, server.log());
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 2);
            List<Future<?>> running = new CopyOnWriteArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(clients.submit(balancer::drive));
            }
            await().atMost(DEADLINE).until(() -> balancer.acknowledged.get() >= 2 * CLIENTS);

            // and a request that will still be running when draining starts: its order waits on the test's row lock
            lock.setAutoCommit(false);
            lockUser(lock, slowUser);
            Future<Http.Exchange> slow = clients.submit(() -> Http.postJson(port, "/api/orders", orderFor(slowUser)));
            await().atMost(DEADLINE)
                    .until(() -> db.count("select count(*) from pg_stat_activity where wait_event_type = 'Lock'") > 0);

            // when the kubelet sends SIGTERM
            server.sigterm();
            Future<?> watcher = clients.submit(balancer::watchReadiness);

            // then first readiness turns DOWN while the pod still serves (the delay)
            await().atMost(DEADLINE).until(() -> balancer.unready.get());
            // then draining starts, with the slow request in flight, which completes once the database moves again
            await().atMost(DEADLINE).until(() -> log(server.log()).contains(DRAINING));
            boolean slowInFlightWhenDraining = !slow.isDone();
            lock.commit();
            // and the server exits on its own once nothing is in flight
            assertTrue(server.process().waitFor(DEADLINE), "the server exits");
            balancer.stop();
            watcher.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            for (Future<?> client : running) {
                client.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            clients.shutdownNow();

            assertFalse(balancer.drainingWhenUnready.get(), "readiness turned DOWN before draining began");
            assertTrue(
                    balancer.acknowledged.get() > balancer.acknowledgedWhenUnready.get(),
                    "orders were still acknowledged after readiness turned DOWN: the listener stayed open");
            assertTrue(slowInFlightWhenDraining, "the slow request was in flight when draining began");
            Http.Exchange slowResult = slow.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(
                    201, slowResult.status(), "the request in flight when draining began completed: " + slowResult);
            assertTrue(log(server.log()).contains(DRAINED), "the server drained before it exited; see " + server.log());
            assertTrue(balancer.refused.get(), "the listener closed once the server was done");
            assertEquals(List.of(), List.copyOf(balancer.failures), "no accepted request failed");

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
        private final int managementPort;
        private final long userId;
        private final Path serverLog;
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final ConcurrentLinkedQueue<Http.Exchange> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean unready = new AtomicBoolean();
        private final AtomicLong unreadySince = new AtomicLong();
        private final AtomicInteger acknowledgedWhenUnready = new AtomicInteger();
        private final AtomicBoolean drainingWhenUnready = new AtomicBoolean();
        private final AtomicBoolean refused = new AtomicBoolean();
        private volatile boolean stopped;

        LoadBalancer(int port, int managementPort, long userId, Path serverLog) {
            this.port = port;
            this.managementPort = managementPort;
            this.userId = userId;
            this.serverLog = serverLog;
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

        /**
         * Probes readiness, as the kubelet does (every 50 ms), until the listener refuses connections (or the safety
         * deadline passes); notes what it saw when readiness first turned DOWN.
         */
        void watchReadiness() {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                Http.Exchange probe = Http.get(managementPort, "/q/health/ready");
                if (!probe.accepted()) {
                    refused.set(true);
                    return;
                }
                if (probe.status() == 503 && !unready.get()) {
                    acknowledgedWhenUnready.set(acknowledged.get());
                    drainingWhenUnready.set(log(serverLog).contains(DRAINING));
                    unreadySince.set(System.nanoTime());
                    unready.set(true);
                }
                PackagedServer.sleep(Duration.ofMillis(50));
            }
        }

        /** The balancer's own propagation model: it keeps routing for a while after it saw the pod unready. */
        private boolean routing() {
            return !stopped && (!unready.get() || System.nanoTime() - unreadySince.get() < PROPAGATION.toNanos());
        }

        void stop() {
            stopped = true;
        }
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "S";
    }
}
