package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twinstack.collect.Collection;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's rehearsal of the distributed load with real Gatling processes: three load generators, each its slice of
 * the smoke profile, meet at the collector, start at the instant it gives them, and their request logs are merged into
 * the one log of the run, against a stand-in API on the loopback interface (the scenario's three requests, answered
 * at once).
 */
class LoadGeneratorsIT {

    private static final int GENERATORS = 3;
    /** The smoke profile: 2 flows/s for 10 s. */
    private static final int FLOWS = 20;

    private static final int REQUESTS_PER_FLOW = 3;

    @TempDir
    Path dir;

    private HttpServer api;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @BeforeEach
    void startApi() throws IOException {
        api = StandInApi.start();
    }

    @AfterEach
    void stop() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
        api.stop(0);
    }

    @Test
    void threeGeneratorsStartTogetherAndTheirLogsMergeIntoTheRunsOneLog() throws Exception {
        LabSettings settings = LabOptions.parse(
                        new PrintWriter(System.out, true),
                        new Properties(),
                        "--profile",
                        "smoke",
                        "--load-generators",
                        Integer.toString(GENERATORS),
                        "--out",
                        dir.toString())
                .orElseThrow();
        // Nothing to collect from the stand-in: no plan, so no client is ever made.
        var target = new ExternalTarget(
                "stand-in",
                "http://127.0.0.1:" + api.getAddress().getPort(),
                Optional.empty(),
                Collection.Clients.fromEnvironment(Optional.empty()));

        LoadRun.Outcome outcome =
                LoadRun.run(settings, target, dir.resolve("stand-in"), 0, new Progress(), started::push);

        List<RequestRecord> merged = ResultsJson.readRequestLog(outcome.requestLog());
        List<Long> flows = new ArrayList<>();
        for (int i = 0; i < GENERATORS; i++) {
            List<RequestRecord> own =
                    ResultsJson.readRequestLog(dir.resolve("stand-in/generator-" + i + "/requests.jsonl"));
            flows.add(own.stream().filter(r -> r.request().equals("find user")).count());
            long firstRequestStarted = own.stream()
                    .mapToLong(r -> r.endEpochMs() - r.latencyMs().orElse(0L))
                    .min()
                    .orElseThrow();
            assertTrue(
                    firstRequestStarted >= outcome.startEpochMs() - 1,
                    "generator " + i + " sent its first request before the common start");
        }
        assertEquals(List.of(7L, 7L, 6L), flows, "the profile's 20 flows dealt in turn");
        assertEquals(FLOWS * REQUESTS_PER_FLOW, merged.size());
        assertTrue(merged.stream().allMatch(r -> r.status() / 100 == 2), "every request answered");
        assertEquals(
                FLOWS,
                ResultsJson.readLedger(outcome.ledger()).size(),
                "every generator's ledger joined: one write per flow");
        assertEquals(GENERATORS, outcome.generators());
        assertEquals(0, outcome.exitCode());
    }

    /** The scenario's three requests, answered at once: one user, the orders it placed. */
    private static final class StandInApi {

        static HttpServer start() throws IOException {
            AtomicLong orders = new AtomicLong();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/api/users", e -> answer(e, 200, "{\"items\":[{\"id\":1}]}"));
            server.createContext("/api/orders", e -> {
                if ("POST".equals(e.getRequestMethod())) {
                    e.getRequestBody().readAllBytes();
                    answer(e, 201, "{\"id\":" + orders.incrementAndGet() + ",\"status\":\"PLACED\"}");
                } else {
                    StringBuilder items = new StringBuilder();
                    for (long id = orders.get(); id >= 1; id--) {
                        items.append(items.isEmpty() ? "" : ",")
                                .append("{\"id\":")
                                .append(id)
                                .append('}');
                    }
                    answer(e, 200, "{\"items\":[" + items + "]}");
                }
            });
            server.start();
            return server;
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
