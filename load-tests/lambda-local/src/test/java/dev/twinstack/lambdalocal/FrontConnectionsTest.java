package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The front answers every request with an HTTP status, as HTTP API does, however many keep-alive connections a client
 * holds and however many arrive at once: a load tool must never meet a dropped connection.
 */
class FrontConnectionsTest {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)$");
    private static final int SOCKET_TIMEOUT_MS = 120_000;

    private final List<String> log = TestFunction.newLog();

    @Test
    void keepsHundredsOfIdleKeepAliveConnectionsUsable() throws Exception {
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(2).build())) {
            var connections = new ArrayList<Socket>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket socket = open(lambda);
                    connections.add(socket);
                    assertEquals(200, exchange(socket, "plain"), "first request on connection " + i);
                }

                // The scenario itself: a load tool's pool sits idle between bursts.
                Thread.sleep(3_000);

                var statuses = new TreeMap<Integer, Integer>();
                for (int i = 0; i < connections.size(); i++) {
                    int status;
                    try {
                        status = exchange(connections.get(i), "plain");
                    } catch (IOException e) {
                        status = -1;
                    }
                    statuses.merge(status, 1, Integer::sum);
                }
                assertEquals(Map.of(200, 300), statuses, "status → connections reused after sitting idle");
            } finally {
                for (Socket socket : connections) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void answersTwoHundredClientsArrivingAtOnceAgainstAConcurrencyOfTwo() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try (var lambda = LocalLambda.start(
                TestFunction.config(log).reservedConcurrency(2).build())) {
            var start = new CountDownLatch(1);
            var answers = IntStream.range(0, 200)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                try (Socket socket = open(lambda)) {
                                    start.await();
                                    return exchange(socket, "sleep/500");
                                } catch (IOException e) {
                                    return -1;
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return -2;
                                }
                            },
                            clients))
                    .toList();
            start.countDown();

            var statuses = new TreeMap<Integer, Integer>();
            answers.forEach(answer -> statuses.merge(answer.join(), 1, Integer::sum));

            assertEquals(200, statuses.getOrDefault(200, 0) + statuses.getOrDefault(500, 0), statuses.toString());
            assertTrue(statuses.getOrDefault(200, 0) >= 2, "both environments served: " + statuses);
            assertEquals(
                    lambda.throttles(), statuses.getOrDefault(500, 0).longValue(), "every 500 a throttle: " + statuses);
        } finally {
            clients.shutdownNow();
        }
    }

    private static Socket open(LocalLambda lambda) throws IOException {
        var socket = new Socket("127.0.0.1", lambda.endpoint().getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    /** One HTTP/1.1 keep-alive request on the socket; the response's status once its body has been read. */
    private static int exchange(Socket socket, String path) throws IOException {
        socket.getOutputStream()
                .write(("GET /" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String head = readHead(in);
        Matcher status = STATUS.matcher(head);
        if (!status.find()) {
            throw new IOException("no status line in '" + head + "'");
        }
        Matcher length = LENGTH.matcher(head);
        int remaining = length.find() ? Integer.parseInt(length.group(1)) : 0;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the connection closed inside a body");
                }
                skipped = 1;
            }
            remaining -= (int) skipped;
        }
        return Integer.parseInt(status.group(1));
    }

    /** The status line and headers, byte by byte so that nothing of the body is consumed. */
    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a response: '" + head + "'");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
