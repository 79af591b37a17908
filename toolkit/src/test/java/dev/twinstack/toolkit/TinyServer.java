package dev.twinstack.toolkit;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A tiny HTTP server for the launcher's tests: listens on the port given, after the delay given, answers 200 on every
 * path, and says on its way out whether it was asked to stop (SIGTERM runs the shutdown hooks) rather than killed.
 */
public final class TinyServer {

    private TinyServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Duration delay = Durations.parse(args.length > 1 ? args[1] : "0s");
        System.out.println("starting on " + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutting down cleanly")));
        Thread.sleep(delay.toMillis());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on " + port);
        // Bounded: a test that forgets this process still sees it end.
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
