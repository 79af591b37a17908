package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.loadtest.CollectorClient;
import dev.twinstack.loadtest.LoadSlice;
import dev.twinstack.loadtest.RunSettings;
import dev.twinstack.results.ErrorCause;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.Requests;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several load generators through the collector give what one generator would: they start together (the barrier),
 * and the merge of their request logs yields the single run's result, counts exact and percentiles as the histogram
 * holds them, because latencies are combined as recorded, never averaged.
 */
class LoadCollectorTest {

    private static final int GENERATORS = 3;
    private static final int REQUESTS = 6_000;
    private static final long START = 1_767_225_600_000L;
    private static final Duration LEAD = Duration.ofMillis(500);
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Function<RequestRecord, Optional<ErrorCause>> CAUSES = r -> ErrorCause.ofStatus(r.status());

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private LoadCollector collector;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void mergedLogsOfThreeGeneratorsGiveTheSingleRunsResult() throws Exception {
        List<RequestRecord> run = requests(new Random(7));
        List<List<RequestRecord>> parts = split(run, new Random(11));
        collector = start();

        for (int i = 0; i < GENERATORS; i++) {
            client(i).send(write(parts.get(i), dir.resolve("part-" + i + ".jsonl")));
        }
        Path merged = collector.awaitMerged(LIMIT);

        Requests single = RequestStats.of(run, START, CAUSES);
        Requests together = RequestStats.read(merged, START, CAUSES);
        assertEquals(REQUESTS, together.requests());
        assertEquals(single.requests(), together.requests());
        assertEquals(single.errors(), together.errors());
        assertEquals(single.errorsByCause(), together.errorsByCause());
        assertEquals(single.latencyMs(), together.latencyMs());
        assertEquals(single.timeline(), together.timeline());
        assertEquals(single.meanThroughputRps(), together.meanThroughputRps());
        assertEquals(sorted(single.coldLatenciesMs()), sorted(together.coldLatenciesMs()));
    }

    @Test
    void mergedPercentilesAreTheRecordedLatenciesWithinTheHistogramsPrecision() throws Exception {
        List<RequestRecord> run = requests(new Random(3));
        collector = start();
        List<List<RequestRecord>> parts = split(run, new Random(5));
        for (int i = 0; i < GENERATORS; i++) {
            client(i).send(write(parts.get(i), dir.resolve("part-" + i + ".jsonl")));
        }

        Requests together = RequestStats.read(collector.awaitMerged(LIMIT), START, CAUSES);

        // The successful requests' latencies (the failed ones are measured apart).
        List<Long> latencies = sorted(run.stream()
                .filter(r -> CAUSES.apply(r).isEmpty())
                .flatMap(r -> r.latencyMs().stream())
                .toList());
        long exactP99 = latencies.get((int) Math.ceil(0.99 * latencies.size()) - 1);
        assertEquals(exactP99, together.latencyMs().all().p99(), exactP99 * 1e-3);
        assertEquals(latencies.size(), together.latencyMs().all().count());
    }

    @Test
    void generatorsStartTogetherOnlyOnceAllHaveArrived() throws Exception {
        collector = start();
        List<Future<Long>> early = new ArrayList<>();
        for (int i = 0; i < GENERATORS - 1; i++) {
            CollectorClient client = client(i);
            early.add(threads.submit(() -> client.awaitStart(LIMIT)));
        }
        awaitReady(GENERATORS - 1);

        assertNull(collector.startAt());
        assertTrue(early.stream().noneMatch(Future::isDone), "no generator starts before the last arrives");
        long lastArrives = System.currentTimeMillis();
        long last = client(GENERATORS - 1).awaitStart(LIMIT);

        for (Future<Long> f : early) {
            assertEquals(last, f.get());
        }
        assertTrue(last >= lastArrives + LEAD.toMillis(), "the common start is a lead ahead of the last arrival");
    }

    @Test
    void refusesAGeneratorOfAnotherSplit() throws Exception {
        collector = start();

        var client = new CollectorClient(collector.uri(), new LoadSlice(0, GENERATORS + 1));

        var error = assertThrows(IllegalStateException.class, () -> client.awaitStart(LIMIT));
        assertTrue(error.getMessage().contains("409"), error.getMessage());
    }

    @Test
    void inAClusterTheCollectorWritesOneResultsJsonFromTheMergedLog() throws Exception {
        List<RequestRecord> run = requests(new Random(13));
        collector = start();
        CompletableFuture<Path> written = new CompletableFuture<>();
        collector.whenMerged(log -> {
            try {
                written.complete(
                        ClusterCollector.write(RunSettings.fromSystem(), "ingress", GENERATORS, START, log, dir));
            } catch (IOException e) {
                written.completeExceptionally(e);
            }
        });

        List<List<RequestRecord>> parts = split(run, new Random(17));
        for (int i = 0; i < GENERATORS; i++) {
            client(i).send(write(parts.get(i), dir.resolve("part-" + i + ".jsonl")));
        }
        Results results = ResultsJson.read(written.get());

        assertEquals(1, results.targets().size());
        assertEquals("ingress", results.targets().get(0).name());
        assertEquals(
                RequestStats.of(run, START, CAUSES).latencyMs(),
                results.targets().get(0).requests().latencyMs());
        assertFalse(results.run().caveats().isEmpty());
    }

    private LoadCollector start() throws IOException {
        return LoadCollector.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), GENERATORS, dir.resolve("collector"), LEAD);
    }

    private CollectorClient client(int index) {
        return new CollectorClient(collector.uri(), new LoadSlice(index, GENERATORS));
    }

    private void awaitReady(int generators) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (collector.ready() < generators) {
            assertTrue(System.nanoTime() < deadline, "generators at the barrier: " + collector.ready());
            Thread.sleep(10);
        }
    }

    /** A run's requests: a long-tailed latency, some cold, some failed, some unanswered, over a minute. */
    private static List<RequestRecord> requests(Random random) {
        List<RequestRecord> requests = new ArrayList<>();
        String[] names = {"find user", "place order", "list orders"};
        for (int i = 0; i < REQUESTS; i++) {
            long end = START + random.nextInt(60_000);
            int status = random.nextInt(100) < 3 ? (random.nextBoolean() ? 503 : 0) : 200;
            Optional<Long> latency = status == 0
                    ? Optional.empty()
                    : Optional.of((long) (5 + Math.exp(random.nextGaussian() * 1.2 + 3)));
            requests.add(new RequestRecord(end, names[i % 3], status, latency, random.nextInt(100) < 2));
        }
        return requests;
    }

    /** Each request to one of the generators at random, as their clocks and arrivals interleave. */
    private static List<List<RequestRecord>> split(List<RequestRecord> run, Random random) {
        List<List<RequestRecord>> parts = new ArrayList<>();
        for (int i = 0; i < GENERATORS; i++) {
            parts.add(new ArrayList<>());
        }
        run.forEach(r -> parts.get(random.nextInt(GENERATORS)).add(r));
        return parts;
    }

    private static Path write(List<RequestRecord> records, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (RequestRecord r : records) {
                ResultsJson.append(out, r);
            }
        }
        return file;
    }

    private static List<Long> sorted(List<Long> values) {
        return values.stream().sorted().toList();
    }
}
