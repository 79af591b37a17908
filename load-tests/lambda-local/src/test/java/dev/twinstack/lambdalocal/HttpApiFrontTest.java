package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests and responses cross the front as API Gateway's HTTP API carries them (payload format 2.0). */
class HttpApiFrontTest {

    private static final List<String> LOG = TestFunction.newLog();
    private static LocalLambda lambda;

    @BeforeAll
    static void startServiceWithTwoWarmEnvironments() {
        lambda = LocalLambda.start(TestFunction.config(LOG)
                .reservedConcurrency(2)
                .integrationTimeout(Duration.ofSeconds(1))
                .build());
        // Invoked directly (no integration timeout): on a loaded machine a cold start alone can outlast the 1 s that
        // lets the integration-timeout test answer quickly.
        var warmUps = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> TestFunction.invoke(lambda, "/plain")))
                .toList();
        warmUps.forEach(warmUp -> assertEquals(Outcome.SUCCESS, warmUp.join().outcome()));
        assertEquals(2, lambda.environments().size());
    }

    @AfterAll
    static void stopService() {
        lambda.close();
    }

    @Test
    void sendsHeadersCookiesAndATextBodyInThePayloadTwoEvent() {
        var response = TestFunction.send(
                lambda,
                HttpRequest.newBuilder(TestFunction.uri(lambda, "api/orders?page=1"))
                        .header("Content-Type", "application/json")
                        .header("Cookie", "session=abc; theme=dark")
                        .header("X-Trace", "one")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"book\"}")));

        assertEquals(200, response.statusCode());
        String event = response.body();
        assertTrue(event.contains("\"version\":\"2.0\""), event);
        assertTrue(event.contains("\"routeKey\":\"$default\""), event);
        assertTrue(event.contains("\"rawQueryString\":\"page=1\""), event);
        assertTrue(event.contains("\"cookies\":[\"session=abc\",\"theme=dark\"]"), event);
        assertTrue(event.contains("\"x-trace\":\"one\""), event);
        assertTrue(event.contains("\"x-forwarded-for\":\"127.0.0.1\""), event);
        assertTrue(event.contains("\"x-forwarded-proto\":\"http\""), event);
        assertTrue(event.contains("\"x-amzn-trace-id\":\"Root=1-"), event);
        assertTrue(event.contains("\"body\":\"{\\\"item\\\":\\\"book\\\"}\""), event);
        assertTrue(event.contains("\"isBase64Encoded\":false"), event);
        assertTrue(event.contains("\"method\":\"POST\""), event);
    }

    @Test
    void sendsABinaryBodyInBase64() {
        var response = TestFunction.send(
                lambda,
                HttpRequest.newBuilder(TestFunction.uri(lambda, "upload"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})));

        assertTrue(response.body().contains("\"body\":\"AQID\""), response.body());
        assertTrue(response.body().contains("\"isBase64Encoded\":true"), response.body());
    }

    @Test
    void answersWithTheFunctionsStatusHeadersCookiesAndDecodedBody() throws IOException, InterruptedException {
        var response = TestFunction.HTTP.send(
                HttpRequest.newBuilder(TestFunction.uri(lambda, "binary")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(201, response.statusCode());
        assertEquals("yes", response.headers().firstValue("x-probe").orElseThrow());
        assertEquals(
                List.of("session=abc; Path=/", "theme=dark"), response.headers().allValues("set-cookie"));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, response.body());
        assertTrue(response.headers().firstValue("apigw-requestid").isPresent());
    }

    @Test
    void infersAJsonResponseWhenTheFunctionReturnsNoStatusCode() {
        var response = TestFunction.get(lambda, "plain");

        assertEquals(200, response.statusCode());
        assertEquals(
                "application/json",
                response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"hello\":\"world\"}", response.body());
    }

    @Test
    void answersServiceUnavailableWhenTheIntegrationTimesOut() {
        var response = TestFunction.get(lambda, "sleep/2500");

        assertEquals(503, response.statusCode());
        assertEquals(HttpApiFront.SERVICE_UNAVAILABLE, response.body());
        var record = TestFunction.record(lambda, r -> r.status() == 503);
        assertTrue(record.cause().startsWith("integration timeout"), record.cause());
        assertTrue(record.durationMs() >= 2500, "the record holds the function's whole run: " + record);
    }
}
