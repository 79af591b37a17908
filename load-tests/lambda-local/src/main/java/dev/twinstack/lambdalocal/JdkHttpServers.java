package dev.twinstack.lambdalocal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The one place this service creates JDK HTTP servers, with the settings the JDK reads once per JVM, when its first
 * server is created:
 *
 * <ul>
 *   <li>Nagle's algorithm off ({@code sun.net.httpserver.nodelay}): otherwise every local response stalls ~40 ms on
 *       delayed ACKs;
 *   <li>no cap on idle keep-alive connections ({@code sun.net.httpserver.maxIdleConnections}, 200 by default): beyond
 *       the cap the JDK closes a connection as soon as its response is sent, and a client that reuses it meets a
 *       reset, which no HTTP API client ever sees; idle connections are closed after {@link #IDLE_TIMEOUT} instead
 *       ({@code sun.net.httpserver.idleInterval}, checked every {@code sun.net.httpserver.clockTick}).
 * </ul>
 */
final class JdkHttpServers {

    /** How long a keep-alive connection may sit idle before the server closes it. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(Integer.MAX_VALUE));
        System.setProperty("sun.net.httpserver.idleInterval", Long.toString(IDLE_TIMEOUT.toSeconds()));
    }

    private JdkHttpServers() {}

    static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        return HttpServer.create(address, backlog);
    }
}
