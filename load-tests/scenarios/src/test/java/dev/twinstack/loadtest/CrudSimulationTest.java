package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.LedgerRecord.Outcome;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulation, run as the lab runs it (Gatling in a JVM of its own, smoke profile), against a scripted stand-in of
 * the API on loopback that answers each new order write in one of four ways, by the order in which writes arrive:
 * placed at once; 503 first, then placed; 409 with {@code Retry-After: 1} first (still in flight), then the order
 * replayed (200); 500 with a stack trace in the body every time. The ledger and the request log must say exactly that.
 *
 * <p>(A connection closed without an answer is not scripted: on a pooled keep-alive connection Gatling's HTTP client
 * sends the request once more by itself, so the number of attempts the stand-in sees would depend on the pool.)
 */
class CrudSimulationTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final String PLACED = "{\"id\":%d,\"userId\":7,\"status\":\"PLACED\",\"items\":[]}";
    private static final String LEAKING = "{\"error\":\"boom\",\"trace\":\"\\tat"
            + " dev.twinstack.orders.OrderService.place(OrderService.java:42)\"}";

    /** How the stand-in answers the n-th new write: {statuses of its attempts}, 0 for no answer. */
    private static final List<List<Integer>> SCRIPT =
            List.of(List.of(201), List.of(503, 201), List.of(409, 200), List.of(500, 500, 500));

    private static final Path DIR = Path.of(System.getProperty("twinstack-build-dir", "target"), "crud-simulation")
            .toAbsolutePath();
    private static final Map<String, Integer> WRITE_NUMBER = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> BODIES = new ConcurrentHashMap<>();
    private static final Map<String, List<Long>> ARRIVALS = new ConcurrentHashMap<>();
    private static final AtomicInteger WRITES = new AtomicInteger();
    private static final AtomicLong IDS = new AtomicLong(1000);

    private static HttpServer api;
    private static List<LedgerRecord> ledger;
    private static List<RequestRecord> requests;

    @BeforeAll
    static void runTheSimulation() throws Exception {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/api/users", e -> answer(e, 200, "{\"items\":[{\"id\":7}]}"));
        api.createContext("/api/orders", CrudSimulationTest::orders);
        api.start();
        Files.createDirectories(DIR);
        List<String> jvm = List.of(
                "-DbaseUrl=http://127.0.0.1:" + api.getAddress().getPort(),
                "-Dprofile=smoke",
                "-DsloErrorPct=100",
                "-DrequestLog=" + DIR.resolve("requests.jsonl"),
                "-Dledger=" + DIR.resolve("ledger.jsonl"),
                "--add-opens=java.base/java.lang=ALL-UNNAMED");
        List<String> args = List.of(
                "--simulation",
                CrudSimulation.class.getName(),
                "--results-folder",
                DIR.resolve("gatling").toString());
        int exit = ProcessLauncher.shared()
                .javaMain("io.gatling.app.Gatling", jvm, args)
                .name("Gatling")
                .directory(DIR)
                .logTo(DIR.resolve("gatling.log"))
                .start()
                .awaitExit(LIMIT);
        assertEquals(0, exit, "Gatling's exit, see " + DIR.resolve("gatling.log"));
        ledger = ResultsJson.readLedger(DIR.resolve("ledger.jsonl"));
        requests = ResultsJson.readRequestLog(DIR.resolve("requests.jsonl"));
    }

    @AfterAll
    static void stopTheApi() {
        if (api != null) {
            api.stop(0);
        }
    }

    @Test
    void recordsEveryWriteWithTheAttemptsItTook() {
        assertEquals(WRITES.get(), ledger.size());
        assertTrue(ledger.size() >= SCRIPT.size(), "the smoke profile places more writes than the script has answers");
        for (LedgerRecord write : ledger) {
            List<Integer> expected = SCRIPT.get(WRITE_NUMBER.get(write.key()) % SCRIPT.size());
            assertEquals(expected, write.statuses(), write.toString());
            assertEquals(expected.size(), write.attempts(), write.toString());
        }
    }

    @Test
    void writesLinesThatReadBackStrictlyAndWriteAgainAsTheyWere() throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("ledger.jsonl"));

        assertEquals(lines, ledger.stream().map(ResultsJson::line).toList());
    }

    @Test
    void sendsTheSameBodyWithTheSameKeyEveryAttempt() {
        BODIES.forEach(
                (key, bodies) -> assertEquals(1, bodies.stream().distinct().count(), key + ": " + bodies));
        ledger.forEach(w -> assertEquals(
                List.of(new LedgerRecord.Item("BOOK-1", w.items().get(0).qty())), w.items()));
    }

    @Test
    void waitsWhatRetryAfterSaysAndLessThanTheJittersCeilingOtherwise() {
        for (LedgerRecord write : ledger) {
            List<Long> arrivals = ARRIVALS.get(write.key());
            for (int i = 1; i < arrivals.size(); i++) {
                long gapMs = (arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000;
                int answered = write.statuses().get(i - 1);
                if (answered == 409) {
                    assertTrue(gapMs >= 1000, write + ": " + gapMs + " ms after Retry-After: 1");
                } else {
                    // Full jitter below 200 ms × 2^(n-1), plus the time the client took to answer and send again.
                    assertTrue(gapMs < (200L << (i - 1)) + 1500, write + ": " + gapMs + " ms after attempt " + i);
                }
            }
        }
    }

    @Test
    void acknowledgesWritesThatARetryPlacedAndLeavesTheOthersAmbiguous() {
        for (LedgerRecord write : ledger) {
            boolean placed = write.statuses().get(write.attempts() - 1) < 300;
            assertEquals(placed ? Outcome.ACKNOWLEDGED : Outcome.AMBIGUOUS, write.outcome(), write.toString());
            assertEquals(placed ? 1 : 0, write.orderIds().size(), write.toString());
            assertEquals(7, write.userId());
        }
    }

    @Test
    void recordsEachAttemptAsARequestAndWhatTheLeakingBodiesLeaked() {
        List<RequestRecord> attempts =
                requests.stream().filter(r -> r.request().equals("place order")).toList();
        List<RequestRecord> leaked =
                requests.stream().filter(r -> r.leak().isPresent()).toList();

        assertEquals(ledger.stream().mapToInt(LedgerRecord::attempts).sum(), attempts.size());
        assertEquals(
                attempts.stream().filter(r -> r.status() == 500).count(),
                leaked.size(),
                leaked.stream().map(Object::toString).collect(Collectors.joining("\n")));
        assertTrue(
                leaked.stream().allMatch(r -> r.leak().orElseThrow().startsWith("a stack frame")), leaked.toString());
        assertEquals(
                ledger.stream().filter(w -> w.outcome() == Outcome.ACKNOWLEDGED).count(),
                requests.stream().filter(r -> r.request().equals("list orders")).count(),
                "the flow goes on to the list only with an acknowledged order");
    }

    private static void orders(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            String ids = BODIES.keySet().stream()
                    .map(key -> "{\"id\":" + IDS_BY_KEY.getOrDefault(key, -1L) + "}")
                    .collect(Collectors.joining(","));
            answer(exchange, 200, "{\"items\":[" + ids + "]}");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n = WRITE_NUMBER.computeIfAbsent(key, k -> WRITES.getAndIncrement());
        List<String> bodies = BODIES.computeIfAbsent(key, k -> new ArrayList<>());
        int attempt;
        synchronized (bodies) {
            bodies.add(body);
            ARRIVALS.computeIfAbsent(key, k -> new ArrayList<>()).add(System.nanoTime());
            attempt = bodies.size() - 1;
        }
        List<Integer> statuses = SCRIPT.get(n % SCRIPT.size());
        int status = statuses.get(Math.min(attempt, statuses.size() - 1));
        switch (status) {
            case 409 -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                answer(exchange, 409, "{\"title\":\"Conflict\",\"status\":409}");
            }
            case 200, 201 ->
                answer(exchange, status, PLACED.formatted(IDS_BY_KEY.computeIfAbsent(key, k -> IDS.incrementAndGet())));
            case 500 -> answer(exchange, 500, LEAKING);
            default -> answer(exchange, status, "{\"title\":\"Service Unavailable\",\"status\":" + status + "}");
        }
    }

    private static final Map<String, Long> IDS_BY_KEY = new ConcurrentHashMap<>();

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
