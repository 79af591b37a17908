package dev.twinstack.toolkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * An observable condition that says a process is ready, polled by {@link LaunchedProcess#awaitReady}: an HTTP 200, a
 * port accepting connections, a line in the process's log, a file appearing, or any check. A check that throws counts
 * as not ready yet (the last exception is named if the wait fails), unless it is a runtime exception other than
 * {@link java.io.UncheckedIOException}: that is a broken check, and fails the wait at once.
 */
public final class Readiness {

    /** A check of readiness; a checked exception means not ready yet. */
    @FunctionalInterface
    public interface Check {
        boolean ready(LaunchedProcess process) throws Exception;
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final String description;
    private final Check check;

    private Readiness(String description, Check check) {
        this.description = description;
        this.check = check;
    }

    /** {@code description} says what is awaited, in failure messages: "SHOW POOLS answering". */
    public static Readiness of(String description, Check check) {
        return new Readiness(description, check);
    }

    /** A GET of {@code uri} answers 200. */
    public static Readiness httpOk(URI uri) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build();
        return of(
                "HTTP 200 from " + uri,
                process -> client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /** {@code host}:{@code port} accepts a TCP connection. */
    public static Readiness portOpen(String host, int port) {
        return of("a connection to " + host + ":" + port, process -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
                return true;
            } catch (IOException refused) {
                return false;
            }
        });
    }

    /** The loopback address's {@code port} accepts a TCP connection. */
    public static Readiness portOpen(int port) {
        return portOpen("127.0.0.1", port);
    }

    /**
     * A line the process wrote to its log file since it started (not one an earlier process appended) contains a match
     * of {@code regex}. Needs {@link Launch#logTo}.
     */
    public static Readiness logLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return of("a log line matching /" + regex + "/", process -> {
            if (process.log().isEmpty()) {
                throw new IllegalStateException(process.name() + " has no log file to watch: launch it with logTo");
            }
            return process.logText()
                    .lines()
                    .anyMatch(line -> pattern.matcher(line).find());
        });
    }

    /** {@code file} exists and is not empty (a pid file, a socket, a marker). */
    public static Readiness fileAppears(Path file) {
        return of("the file " + file, process -> Files.exists(file) && Files.size(file) > 0);
    }

    /** Both hold. */
    public Readiness and(Readiness other) {
        return of(description + " and " + other.description, process -> ready(process) && other.ready(process));
    }

    boolean ready(LaunchedProcess process) throws Exception {
        return check.ready(process);
    }

    @Override
    public String toString() {
        return description;
    }
}
