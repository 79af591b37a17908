package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ingress stand-in balances each request on its own and retries as ingress-nginx does, and only then. */
class IngressFrontTest {

    private static final int REQUESTS = 20;

    private final HttpClient keepAlive = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private Upstream first;
    private Upstream second;
    private DyingUpstream dying;
    private Front front;

    @AfterEach
    void stop() throws IOException {
        for (AutoCloseable closeable : new AutoCloseable[] {front, first, second, dying}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    @Test
    void spreadsOneKeepAliveClientsRequestsOverEveryReplica() throws Exception {
        first = new Upstream();
        second = new Upstream();
        front = new IngressFront(0);
        front.add(first.port());
        front.add(second.port());

        for (int i = 0; i < REQUESTS; i++) {
            assertEquals(200, get("/users/" + i).statusCode());
        }

        assertEquals(REQUESTS / 2, first.requests.get(), "first replica");
        assertEquals(REQUESTS / 2, second.requests.get(), "second replica");
        assertEquals(1, first.connectionsSeen(), "one kept-alive connection to the first replica");
        assertEquals(1, second.connectionsSeen(), "one kept-alive connection to the second replica");
    }

    @Test
    void aServiceFrontPinsTheSameClientToOneReplica() throws Exception {
        first = new Upstream();
        second = new Upstream();
        front = new RoundRobinFront(0, java.util.List.of(first.port(), second.port()));

        for (int i = 0; i < REQUESTS; i++) {
            assertEquals(200, get("/users/" + i).statusCode());
        }

        assertEquals(REQUESTS, Math.max(first.requests.get(), second.requests.get()));
    }

    @Test
    void doesNotRetryAPostWhoseUpstreamDiedMidRequest() throws Exception {
        dying = new DyingUpstream();
        second = new Upstream();
        front = new IngressFront(0);
        front.add(dying.port());
        front.add(second.port());

        // Round robin starts at the first endpoint: the dying one takes the POST.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}"))
                .header("Content-Type", "application/json")
                .build());

        assertEquals(502, response.statusCode());
        // As nginx's page: no exception of the front's own in the body the client gets.
        assertEquals("502 Bad Gateway", response.body());
        assertEquals(1, dying.requests.get(), "the POST reached the dying replica");
        assertEquals(0, second.requests.get(), "and was not passed on");
        assertEquals(0, front.retries());
    }

    @Test
    void retriesAGetWhoseUpstreamDiedOnAnotherReplica() throws Exception {
        dying = new DyingUpstream();
        second = new Upstream();
        front = new IngressFront(0);
        front.add(dying.port());
        front.add(second.port());

        HttpResponse<String> response = get("/users/1");

        assertEquals(200, response.statusCode());
        assertEquals(1, dying.requests.get());
        assertEquals(1, second.requests.get());
        assertEquals(1, front.retries());
    }

    @Test
    void passesAnyRequestOnWhenItsUpstreamRefusedTheConnection() throws Exception {
        int refusing = closedPort();
        second = new Upstream();
        front = new IngressFront(0);
        front.add(refusing);
        front.add(second.port());

        HttpResponse<String> get = get("/users/1");
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertEquals(200, get.statusCode());
        assertEquals(200, post.statusCode(), "nothing was sent: a POST may go to the next endpoint too");
        assertEquals(2, second.requests.get());
    }

    @Test
    void answers503WithoutEndpoints() throws Exception {
        front = new IngressFront(0);

        assertEquals(503, get("/users/1").statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return keepAlive.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + front.port() + path);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A replica that answers every request, counting requests and the connections they came on. */
    private static final class Upstream implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final java.util.Set<String> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final HttpServer server;

        Upstream() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                connections.add(exchange.getRemoteAddress().toString());
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int connectionsSeen() {
            return connections.size();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A replica that dies with the request in hand: it reads the request's head and drops the connection. */
    private static final class DyingUpstream implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final ServerSocket socket;

        DyingUpstream() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "dying-upstream");
            accept.setDaemon(true);
            accept.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    InputStream in = client.getInputStream();
                    int matched = 0;
                    byte[] end = {'\r', '\n', '\r', '\n'};
                    int b;
                    while (matched < end.length && (b = in.read()) >= 0) {
                        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                    }
                    if (matched == end.length) {
                        requests.incrementAndGet();
                    }
                    client.setSoLinger(true, 0);
                } catch (IOException e) {
                    return;
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
