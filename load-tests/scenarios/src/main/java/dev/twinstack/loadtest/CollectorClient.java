package dev.twinstack.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A load generator's side of the load collector, when several generators share a profile ({@link LoadSlice}): the
 * start barrier (every generator asks for the start time; the collector answers all of them at once, when the last
 * has asked, with one start time a moment ahead) and the hand-over of the generator's request log once its part is
 * done. Read from {@code loadCollector} ({@code LOAD_COLLECTOR}), the collector's base URL.
 *
 * <p>The collector is the lab's {@code LoadCollector}: in-process in the lab's rehearsal, a Service beside the Indexed
 * Job in a cluster (see load-tests/kubernetes).
 */
public final class CollectorClient {

    /** How long one ask for the start time is held open by the collector before it answers "not yet". */
    private static final Duration POLL = Duration.ofSeconds(20);

    private final URI base;
    private final LoadSlice slice;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CollectorClient(URI base, LoadSlice slice) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.slice = slice;
    }

    public static Optional<CollectorClient> fromSystem(LoadSlice slice) {
        return Optional.ofNullable(RunSettings.read("loadCollector", "LOAD_COLLECTOR", null))
                .map(url -> new CollectorClient(URI.create(url), slice));
    }

    /**
     * Waits at the barrier: returns the start time (epoch ms) once every generator has asked, or fails after
     * {@code limit}. A collector not reachable yet (its pod still starting) is asked again.
     */
    public long awaitStart(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        URI start = base.resolve("start?generator=" + slice.index() + "&generators=" + slice.count());
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(start)
                                .timeout(POLL.plusSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return Long.parseLong(answer.body().trim());
                }
                if (answer.statusCode() != 202) {
                    throw new IllegalStateException("the load collector refused generator " + slice.index() + ": "
                            + answer.statusCode() + " " + answer.body());
                }
                last = answer.body();
            } catch (IOException e) {
                last = e.toString();
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("the other load generators did not all arrive at the start within " + limit
                + " (last answer: " + last + ")");
    }

    /** Hands this generator's request log to the collector. */
    public void send(Path requestLog) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(base.resolve("requests/" + slice.index()))
                        .timeout(Duration.ofMinutes(2))
                        .PUT(HttpRequest.BodyPublishers.ofFile(requestLog))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("the load collector did not take the request log of generator " + slice.index() + ": "
                    + answer.statusCode() + " " + answer.body());
        }
    }
}
