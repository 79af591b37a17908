package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API's protocol: paths, headers, status codes and JSON bodies, apart from what the calls mean. */
class RuntimeApiServerTest {

    private static final String REQUEST_ID = "8f507cfc-1111-4697-b07a-ac58fc914c95";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final RuntimeApiServer.Handler handler = new RuntimeApiServer.Handler() {
        @Override
        public RuntimeApiServer.Delivery next() {
            return new RuntimeApiServer.Delivery(
                    REQUEST_ID,
                    "{\"rawPath\":\"/\"}".getBytes(StandardCharsets.UTF_8),
                    1_700_000_000_000L,
                    "arn:aws:lambda:us-east-1:123456789012:function:probe",
                    "Root=1-0-0",
                    () -> calls.add("sent"));
        }

        @Override
        public Runnable response(String requestId, byte[] payload, long nanos) {
            return REQUEST_ID.equals(requestId)
                    ? () -> calls.add("response " + new String(payload, StandardCharsets.UTF_8))
                    : null;
        }

        @Override
        public Runnable error(String requestId, RuntimeApiServer.ReportedError error, long nanos) {
            return () -> calls.add("error " + error.cause());
        }

        @Override
        public Runnable initError(RuntimeApiServer.ReportedError error) {
            return () -> calls.add("init error " + error.cause());
        }

        @Override
        public boolean restoreNext() {
            calls.add("restore");
            return restore.join();
        }

        @Override
        public Runnable restoreError(RuntimeApiServer.ReportedError error) {
            return () -> calls.add("restore error " + error.cause());
        }
    };

    private final java.util.concurrent.CompletableFuture<Boolean> restore =
            new java.util.concurrent.CompletableFuture<>();

    private RuntimeApiServer server;

    @BeforeEach
    void start() {
        server = new RuntimeApiServer("env-t", handler, Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deliversAnInvocationWithLambdasHeaders() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/invocation/next")).GET());

        assertEquals(200, response.statusCode());
        assertEquals("{\"rawPath\":\"/\"}", response.body());
        assertEquals(REQUEST_ID, header(response, "Lambda-Runtime-Aws-Request-Id"));
        assertEquals("1700000000000", header(response, "Lambda-Runtime-Deadline-Ms"));
        assertEquals(
                "arn:aws:lambda:us-east-1:123456789012:function:probe",
                header(response, "Lambda-Runtime-Invoked-Function-Arn"));
        assertEquals("Root=1-0-0", header(response, "Lambda-Runtime-Trace-Id"));
        assertEquals(List.of("sent"), calls);
    }

    @Test
    void acceptsTheResponseOfTheInvocationInFlightOnly() throws Exception {
        var accepted = post("/invocation/" + REQUEST_ID + "/response", "\"done\"", null);
        var refused = post("/invocation/another-id/response", "\"done\"", null);

        assertEquals(202, accepted.statusCode());
        assertEquals("{\"status\":\"OK\"}", accepted.body());
        assertEquals(400, refused.statusCode());
        org.awaitility.Awaitility.await().until(() -> !calls.isEmpty());
        assertEquals("{\"errorType\":\"InvalidRequestID\",\"errorMessage\":\"Invalid request ID\"}", refused.body());
        assertEquals(List.of("response \"done\""), calls);
    }

    @Test
    void takesTheErrorTypeFromTheRuntimesHeaderBeforeTheDocument() throws Exception {
        String document = "{\"errorType\":\"java.lang.IllegalStateException\",\"errorMessage\":\"boom\"}";

        post("/invocation/" + REQUEST_ID + "/error", document, "Runtime.UserException");
        post("/init/error", document, null);

        // What a call means runs once the runtime has its 202.
        org.awaitility.Awaitility.await().until(() -> calls.size() == 2);
        assertEquals(
                List.of(
                        "error Runtime.UserException: java.lang.IllegalStateException: boom",
                        "init error java.lang.IllegalStateException: boom"),
                calls);
    }

    @Test
    void holdsTheRestoreCallUntilTheCopyIsRestored() throws Exception {
        try (var socket = new java.net.Socket(
                "127.0.0.1", Integer.parseInt(server.address().split(":")[1]))) {
            socket.getOutputStream()
                    .write(("GET " + RuntimeApiServer.PREFIX + "/restore/next HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            org.awaitility.Awaitility.await().until(() -> calls.contains("restore"));

            socket.setSoTimeout(300);
            assertThrows(
                    java.net.SocketTimeoutException.class,
                    () -> socket.getInputStream().read(),
                    "no answer while the copy waits for its restore");
            restore.complete(true);

            socket.setSoTimeout((int) TestFunction.REQUEST_TIMEOUT.toMillis());
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", status);
        }
    }

    @Test
    void takesAFailedAfterRestoreHookOnTheRestoreErrorPath() throws Exception {
        var response = post(
                "/restore/error",
                "{\"errorType\":\"java.lang.IllegalStateException\",\"errorMessage\":\"no database\"}",
                "Runtime.AfterRestoreError");

        assertEquals(202, response.statusCode());
        org.awaitility.Awaitility.await().until(() -> !calls.isEmpty());
        assertEquals(
                List.of("restore error Runtime.AfterRestoreError: java.lang.IllegalStateException: no database"),
                calls);
    }

    @Test
    void answersAnUnknownPathWithAnErrorDocumentThatIsValidJson() throws Exception {
        var response =
                send(HttpRequest.newBuilder(uri("/invocation/%22quoted%22%5C")).GET());

        assertEquals(404, response.statusCode());
        var document = Json.MAPPER.readValue(response.body(), ErrorDocument.class);
        assertEquals(new ErrorDocument("NotFound", "/invocation/\"quoted\"\\"), document);
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        var request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header(RuntimeApiServer.FUNCTION_ERROR_TYPE, errorType);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return TestFunction.HTTP.send(
                request.timeout(TestFunction.REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + server.address() + RuntimeApiServer.PREFIX + path);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
    }
}
