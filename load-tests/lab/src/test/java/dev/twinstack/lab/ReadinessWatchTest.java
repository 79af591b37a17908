package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.twinstack.analysis.DeployFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readiness is probed for as long as a replica runs, and the front follows it after the propagation delay. */
class ReadinessWatchTest {

    /** A probe every second, unready after 2 failures, 1 s timeout; the rest does not matter here. */
    private static final DeployFiles.Rollout PROBES = new DeployFiles.Rollout(1, 0, 1, 2, 1, 1, 30);

    private static final Duration PROPAGATION = Duration.ofMillis(700);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int REQUESTS = 10;

    private record Event(long nanos, String what) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService kubelet = Executors.newScheduledThreadPool(2);
    private final HttpClient keepAlive =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Replica a;
    private Replica b;
    private Front front;
    private ReadinessWatch watch;

    @AfterEach
    void stop() throws IOException {
        if (watch != null) {
            watch.close();
        }
        kubelet.shutdownNow();
        if (front != null) {
            front.close();
        }
        for (Replica replica : new Replica[] {a, b}) {
            if (replica != null) {
                replica.server.stop(0);
            }
        }
    }

    @Test
    void anUnreadyReplicaLeavesTheRotationAfterThePropagationDelayAndReturnsOnceReady() throws Exception {
        a = new Replica("replica a");
        b = new Replica("replica b");
        front = new IngressFront(0);
        watch = new ReadinessWatch(
                front, PROBES, PROPAGATION, kubelet, what -> events.add(new Event(System.nanoTime(), what)));
        watch.readyAtStart(a.endpoint);
        watch.readyAtStart(b.endpoint);
        send(REQUESTS);
        assertEquals(REQUESTS / 2, a.served.get(), "both replicas serve");

        a.ready = false;
        Event unready = await("replica a unready");
        boolean stillInRotation = watch.inRotation(a.endpoint);
        Event out = await("replica a out of the front's rotation");
        int servedBefore = a.served.get();
        send(REQUESTS);

        assertTrue(stillInRotation, "still an endpoint until the change propagates");
        assertTrue(
                out.nanos() - unready.nanos() >= PROPAGATION.toNanos() - 5_000_000,
                "removed " + (out.nanos() - unready.nanos()) / 1_000_000 + " ms after turning unready");
        assertEquals(servedBefore, a.served.get(), "no request to the unready replica");

        a.ready = true;
        Event ready = await("replica a ready");
        Event back = await("replica a back in the front's rotation");
        int servedWhileOut = a.served.get();
        send(REQUESTS);

        assertTrue(back.nanos() - ready.nanos() >= PROPAGATION.toNanos() - 5_000_000);
        assertEquals(servedWhileOut + REQUESTS / 2, a.served.get(), "the replica takes its share again");
    }

    private void send(int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            var response = keepAlive.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/users/" + i))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode());
        }
    }

    /** Waits for the watch to report {@code prefix}, bounded. */
    private Event await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event event : events) {
                if (event.what().startsWith(prefix)) {
                    return event;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("not reported within " + WAIT + ": " + prefix + "; reported: " + events);
    }

    /** A replica serving requests, and its readiness endpoint, which a test turns up or down. */
    private static final class Replica {
        final HttpServer server;
        final AtomicInteger served = new AtomicInteger();
        final ReadinessWatch.Endpoint endpoint;
        volatile boolean ready = true;

        Replica(String name) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/q/health/ready", exchange -> {
                exchange.sendResponseHeaders(ready ? 200 : 503, -1);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                served.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            int port = server.getAddress().getPort();
            endpoint =
                    new ReadinessWatch.Endpoint(name, port, URI.create("http://127.0.0.1:" + port + "/q/health/ready"));
        }
    }
}
