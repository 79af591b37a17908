package dev.twinstack.lambdalocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Lambda's Runtime API for one execution environment: the HTTP endpoints AWS's runtime interface client calls. Each
 * environment has its own server on a loopback port, as each Lambda environment has its own Runtime API: the client
 * names no environment in its calls, so the port is what tells them apart. This class speaks the protocol (paths,
 * headers, status codes, bodies); what a call means is its {@link Handler}'s.
 *
 * <p>The server is bound when created and serves once {@link #start()} is called: a runtime that connects before then
 * waits in the listen backlog.
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime";
    static final String FUNCTION_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";

    private static final byte[] ACCEPTED = json(Map.of("status", "OK"));

    /** What the environment does with each call. */
    interface Handler {

        /** {@code GET /invocation/next}: blocks until an invocation is due; null when the environment goes away. */
        Delivery next();

        /**
         * {@code POST /invocation/{id}/response}, which arrived at {@code nanos} ({@link System#nanoTime()}, before its
         * body was read). Returns what to do once the runtime has its 202 (work kept off the invocation's path), or
         * null when {@code requestId} is not the invocation in flight.
         */
        Runnable response(String requestId, byte[] payload, long nanos);

        /** {@code POST /invocation/{id}/error}; as {@link #response}. */
        Runnable error(String requestId, ReportedError error, long nanos);

        /** {@code POST /init/error}: init failed. Returns what to do once the runtime has its 202. */
        Runnable initError(ReportedError error);

        /**
         * {@code GET /restore/next}: SnapStart's checkpoint. The runtime ran its before-checkpoint hooks and blocks here
         * until it is restored; answering lets it run its after-restore hooks. Returns false when the environment goes
         * away instead (no answer).
         */
        boolean restoreNext();

        /** {@code POST /restore/error}: an after-restore hook failed. As {@link #initError}. */
        Runnable restoreError(ReportedError error);
    }

    /**
     * An invocation going out on {@code /next}, with the headers Lambda sends along; {@code sent} runs once it is on its
     * way.
     */
    record Delivery(
            String requestId,
            byte[] event,
            long deadlineEpochMs,
            String invokedFunctionArn,
            String traceId,
            Runnable sent) {}

    /** An error a runtime posted: the type it reported and its document as posted. */
    record ReportedError(String type, ErrorDocument document, byte[] body) {

        String cause() {
            return document.cause(type);
        }
    }

    private final HttpServer server;
    private final Handler handler;

    RuntimeApiServer(String environmentId, Handler handler, Executor executor) {
        this.handler = handler;
        try {
            server = JdkHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Runtime API for " + environmentId, e);
        }
        server.setExecutor(executor);
        server.createContext(PREFIX + "/", this::route);
    }

    /** {@code host:port}, as the runtime gets it in AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void route(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            String[] parts = path.split("/");
            if ("GET".equals(method) && "/invocation/next".equals(path)) {
                next(exchange);
            } else if ("POST".equals(method) && "/init/error".equals(path)) {
                accept(exchange, handler.initError(reported(exchange)));
            } else if ("GET".equals(method) && "/restore/next".equals(path)) {
                if (handler.restoreNext()) {
                    exchange.sendResponseHeaders(200, -1);
                }
            } else if ("POST".equals(method) && "/restore/error".equals(path)) {
                accept(exchange, handler.restoreError(reported(exchange)));
            } else if ("POST".equals(method)
                    && parts.length == 4
                    && "invocation".equals(parts[1])
                    && "response".equals(parts[3])) {
                accept(
                        exchange,
                        handler.response(parts[2], exchange.getRequestBody().readAllBytes(), arrived));
            } else if ("POST".equals(method)
                    && parts.length == 4
                    && "invocation".equals(parts[1])
                    && "error".equals(parts[3])) {
                accept(exchange, handler.error(parts[2], reported(exchange), arrived));
            } else {
                reply(exchange, 404, new ErrorDocument("NotFound", path).toJson());
            }
        } finally {
            exchange.close();
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Delivery delivery = handler.next();
        if (delivery == null) {
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", delivery.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(delivery.deadlineEpochMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", delivery.invokedFunctionArn());
        headers.set("Lambda-Runtime-Trace-Id", delivery.traceId());
        exchange.sendResponseHeaders(200, delivery.event().length);
        exchange.getResponseBody().write(delivery.event());
        exchange.getResponseBody().flush();
        delivery.sent().run();
    }

    private void accept(HttpExchange exchange, Runnable then) throws IOException {
        if (then == null) {
            reply(exchange, 400, new ErrorDocument("InvalidRequestID", "Invalid request ID").toJson());
            return;
        }
        reply(exchange, 202, ACCEPTED);
        then.run();
    }

    private static ReportedError reported(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ErrorDocument document = ErrorDocument.read(body);
        String type = document.reportedType(exchange.getRequestHeaders().getFirst(FUNCTION_ERROR_TYPE));
        return new ReportedError(type, document, body);
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
