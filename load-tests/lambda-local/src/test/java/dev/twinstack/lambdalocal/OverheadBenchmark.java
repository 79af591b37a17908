package dev.twinstack.lambdalocal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * Prints, in one run, what the local service adds to a warm invocation beside a plain HTTP echo round trip on the same
 * machine, so the local hop can be judged against what it measures. Not a test gate: run it with
 * {@code ./mvnw -pl load-tests/lambda-local -am -Pbench verify -DskipTests}.
 */
public final class OverheadBenchmark {

    private static final int WARM_UP = 500;

    private OverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        // One client for both, HTTP/1.1 with keep-alive as a load generator would use.
        var client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Histogram echo = echoRoundTrips(client, requests);

        var config = FunctionConfig.builder(TestFunction.directory(), TestFunction.HANDLER)
                .functionName("bench")
                .reservedConcurrency(1)
                .log(line -> {})
                .build();
        Histogram roundTrip = new Histogram(3);
        Histogram overhead = new Histogram(3);
        Histogram function = new Histogram(3);
        try (var lambda = LocalLambda.start(config)) {
            URI uri = lambda.endpoint().resolve("plain");
            for (int i = 0; i < WARM_UP; i++) {
                call(client, uri);
            }
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                call(client, uri);
                roundTrip.recordValue((System.nanoTime() - start) / 1000);
            }
            List<InvocationRecord> measured = lambda.records().subList(WARM_UP, WARM_UP + requests);
            for (InvocationRecord record : measured) {
                overhead.recordValue(Math.round(record.overheadMs() * 1000));
                function.recordValue(Math.round(record.durationMs() * 1000));
            }
        }

        System.out.printf(
                Locale.ROOT,
                "lambda-local overhead benchmark: %d warm requests, one environment, %s%n",
                requests,
                Path.of(System.getProperty("java.home")).getFileName());
        print("plain HTTP echo round trip", echo);
        print("through lambda-local (client round trip)", roundTrip);
        print("  function duration (Runtime API, as REPORT)", function);
        print("  lambda-local's own overhead per invocation", overhead);
    }

    private static Histogram echoRoundTrips(HttpClient client, int requests) throws IOException, InterruptedException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = "{\"hello\":\"world\"}".getBytes();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/plain");
            for (int i = 0; i < WARM_UP; i++) {
                call(client, uri);
            }
            Histogram histogram = new Histogram(3);
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                call(client, uri);
                histogram.recordValue((System.nanoTime() - start) / 1000);
            }
            return histogram;
        } finally {
            server.stop(0);
        }
    }

    private static void call(HttpClient client, URI uri) throws IOException, InterruptedException {
        var response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void print(String label, Histogram micros) {
        System.out.printf(
                Locale.ROOT,
                "%-46s p50 %7.3f ms   p99 %7.3f ms%n",
                label,
                micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0);
    }
}
