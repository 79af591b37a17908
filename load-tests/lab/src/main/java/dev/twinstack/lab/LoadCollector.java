package dev.twinstack.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where several load generators ({@code dev.twinstack.loadtest.LoadSlice}) meet: the start barrier and the merge of
 * their request logs. Every generator asks {@code GET /start?generator=i&generators=n}; the collector holds the asks
 * until all {@code n} generators have asked, then answers every one with the same start time, {@code lead} ahead (an
 * ask held too long is answered 202, and asked again). Each generator then {@code PUT}s its request log to
 * {@code /requests/i}; once all are in, they are merged into one {@code requests.jsonl} (the records of all, in the
 * order they ended), from which one {@code results.json} is computed as from a single generator's log: latencies are
 * combined as recorded, never by averaging percentiles. {@code GET /requests.jsonl}, {@code /results.json},
 * {@code /report.html} and {@code /report.md} serve what has been written.
 *
 * <p>The lab runs one in-process for its rehearsal ({@code lab.loadGenerators}); in a cluster it runs as a Deployment
 * behind a Service beside the load generators' Indexed Job (load-tests/kubernetes, {@link #main}).
 */
final class LoadCollector implements AutoCloseable {

    static final String MERGED = "requests.jsonl";
    private static final Duration HOLD = Duration.ofSeconds(15);
    private static final Pattern PART = Pattern.compile("/requests/(\\d+)");
    private static final List<String> SERVED = List.of(MERGED, "results.json", "report.html", "report.md");

    private final int generators;
    private final Path dir;
    private final Duration lead;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "load-collector");
        t.setDaemon(true);
        return t;
    });
    private final TreeSet<Integer> ready = new TreeSet<>();
    private final Map<Integer, Path> parts = new TreeMap<>();
    private final CompletableFuture<Path> merged = new CompletableFuture<>();
    private Long startAt;

    private LoadCollector(InetSocketAddress address, int generators, Path dir, Duration lead) throws IOException {
        if (generators < 1) {
            throw new IllegalArgumentException("a load collector for " + generators + " generators");
        }
        this.generators = generators;
        this.dir = Files.createDirectories(dir);
        this.lead = lead;
        server = HttpServer.create(address, 64);
        server.setExecutor(threads);
        server.createContext("/start", this::start);
        server.createContext("/requests/", this::part);
        server.createContext("/", this::serve);
        server.start();
    }

    /**
     * A collector for {@code generators} load generators, listening on {@code address} (port 0: any free one); it
     * writes the parts and the merged log into {@code dir}.
     */
    static LoadCollector start(InetSocketAddress address, int generators, Path dir, Duration lead) throws IOException {
        return new LoadCollector(address, generators, dir, lead);
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
    }

    /** The generators that have reached the barrier so far. */
    synchronized int ready() {
        return ready.size();
    }

    /** The start time every generator was given (epoch ms), once all have asked. */
    synchronized Long startAt() {
        return startAt;
    }

    /** Runs {@code then} (in a collector thread) with the merged log once every generator's log is in. */
    void whenMerged(Consumer<Path> then) {
        merged.thenAcceptAsync(then, threads);
    }

    /** The merged request log, once every generator has handed over its own, or a failure after {@code limit}. */
    Path awaitMerged(Duration limit) throws InterruptedException {
        try {
            return merged.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            synchronized (this) {
                throw new IllegalStateException("the load collector has request logs of generators " + parts.keySet()
                        + " of " + generators + " after " + limit);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("merging the request logs failed", e.getCause());
        }
    }

    /** The records of every part in one log, in the order the requests ended (ties: in the parts' order). */
    static List<RequestRecord> merge(List<List<RequestRecord>> parts) {
        List<RequestRecord> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort(Comparator.comparingLong(RequestRecord::endEpochMs));
        return all;
    }

    private void start(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        int generator;
        int count;
        try {
            generator = Integer.parseInt(query.getOrDefault("generator", "-1"));
            count = Integer.parseInt(query.getOrDefault("generators", "-1"));
        } catch (NumberFormatException e) {
            answer(exchange, 400, "generator and generators are numbers");
            return;
        }
        if (count != generators || generator < 0 || generator >= generators) {
            answer(
                    exchange,
                    409,
                    "this collector waits for generators 0.." + (generators - 1) + " of " + generators + ", not "
                            + generator + " of " + count);
            return;
        }
        Long start;
        int missing;
        synchronized (this) {
            ready.add(generator);
            if (startAt == null && ready.size() == generators) {
                startAt = System.currentTimeMillis() + lead.toMillis();
                notifyAll();
            }
            long until = System.nanoTime() + HOLD.toNanos();
            while (startAt == null && System.nanoTime() - until < 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, until - System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            start = startAt;
            missing = generators - ready.size();
        }
        if (start == null) {
            answer(exchange, 202, "waiting for " + missing + " more generator(s)");
        } else {
            answer(exchange, 200, Long.toString(start));
        }
    }

    private void part(HttpExchange exchange) throws IOException {
        Matcher m = PART.matcher(exchange.getRequestURI().getPath());
        if (!"PUT".equals(exchange.getRequestMethod()) || !m.matches()) {
            answer(exchange, 405, "PUT /requests/<generator>");
            return;
        }
        int generator = Integer.parseInt(m.group(1));
        if (generator >= generators) {
            answer(exchange, 409, "generator " + generator + " of " + generators);
            return;
        }
        Path part = dir.resolve("requests-" + generator + ".jsonl");
        Path partial = dir.resolve("requests-" + generator + ".jsonl.part");
        try (InputStream body = exchange.getRequestBody()) {
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            ResultsJson.readRequestLog(partial);
        } catch (RuntimeException e) {
            answer(exchange, 400, "not a request log: " + e.getMessage());
            return;
        }
        Files.move(partial, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        boolean all;
        synchronized (this) {
            parts.put(generator, part);
            all = parts.size() == generators && !merged.isDone();
        }
        answer(exchange, 204, "");
        if (all) {
            try {
                merged.complete(writeMerged());
            } catch (IOException | RuntimeException e) {
                merged.completeExceptionally(e);
            }
        }
    }

    private Path writeMerged() throws IOException {
        List<List<RequestRecord>> logs = new ArrayList<>();
        synchronized (this) {
            parts.values().forEach(p -> logs.add(ResultsJson.readRequestLog(p)));
        }
        Path file = dir.resolve(MERGED);
        Path partial = dir.resolve(MERGED + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(partial)) {
            for (RequestRecord r : merge(logs)) {
                ResultsJson.append(out, r);
            }
        }
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(1);
        Path file = dir.resolve(name);
        if (!"GET".equals(exchange.getRequestMethod()) || !SERVED.contains(name) || !Files.exists(file)) {
            answer(exchange, 404, "not here (yet): " + name + "; served once written: " + SERVED);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", name.endsWith(".html") ? "text/html" : "text/plain");
        exchange.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
