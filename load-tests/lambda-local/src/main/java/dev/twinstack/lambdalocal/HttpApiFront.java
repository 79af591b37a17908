package dev.twinstack.lambdalocal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP endpoint in front of the function, answering as API Gateway's HTTP API does with a Lambda proxy
 * integration (payload format 2.0): the function's answer becomes the HTTP response; a throttle or function error
 * becomes 500 {@code {"message":"Internal Server Error"}}, an integration timeout 503
 * {@code {"message":"Service Unavailable"}}; with a {@link JwtAuthorizer}, a request without a valid token 401
 * {@code {"message":"Unauthorized"}}. The cause goes into the invocation record, never to the client. Every
 * request gets an answer: keep-alive connections are closed only after sitting idle ({@link JdkHttpServers}).
 */
final class HttpApiFront {

    static final String INTERNAL_SERVER_ERROR = "{\"message\":\"Internal Server Error\"}";
    static final String SERVICE_UNAVAILABLE = "{\"message\":\"Service Unavailable\"}";

    private final LocalLambda lambda;
    private final JwtAuthorizer authorizer;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-api");
        thread.setDaemon(true);
        return thread;
    });

    HttpApiFront(LocalLambda lambda, FunctionConfig config) {
        this.lambda = lambda;
        this.authorizer = config.authorizer();
        try {
            // The backlog holds a burst of new connections while the one dispatcher thread accepts them.
            server = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", config.port()), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + config.port(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        try {
            String apiRequestId = HttpApiEvents.apiRequestId();
            JwtAuthorizer.Claims claims = null;
            if (authorizer != null) {
                var authorized =
                        authorizer.authorize(exchange.getRequestHeaders().getFirst("Authorization"));
                if (authorized.isEmpty()) {
                    // As HTTP API: the authorizer answers, the function never sees the request.
                    HttpApiEvents.writeError(exchange, 401, JwtAuthorizer.UNAUTHORIZED, apiRequestId);
                    return;
                }
                claims = authorized.get();
            }
            byte[] event = HttpApiEvents.toEvent(
                    exchange, exchange.getRequestBody().readAllBytes(), apiRequestId, Instant.now(), claims);
            invokeFunction(lambda, exchange, event, apiRequestId, received);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            HttpApiEvents.writeError(exchange, 500, INTERNAL_SERVER_ERROR, HttpApiEvents.apiRequestId());
        } finally {
            exchange.close();
        }
    }

    /**
     * The function integration: invokes the function with {@code event} and answers as HTTP API does (the function's
     * answer; 500 for a throttle, a function error or a malformed answer; 503 after the integration timeout); returns
     * the status sent. The invocation's record is finished here.
     */
    static int invokeFunction(
            LocalLambda lambda, HttpExchange exchange, byte[] event, String apiRequestId, long received)
            throws IOException, InterruptedException, ExecutionException {
        return answer(lambda, exchange, lambda.submit(event, received), apiRequestId);
    }

    /** As {@link #invokeFunction}, for an invocation already submitted (whose request id the caller keeps). */
    static int answer(LocalLambda lambda, HttpExchange exchange, Invocation invocation, String apiRequestId)
            throws IOException, InterruptedException, ExecutionException {
        InvocationResult result;
        int status;
        String cause;
        try {
            Invocation.Completion completion =
                    invocation.completion().get(lambda.integrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            result = completion.result();
            cause = completion.cause();
            status = result.outcome() == Outcome.SUCCESS
                    ? HttpApiEvents.writeResponse(exchange, result.payload(), apiRequestId)
                    : -1;
            if (status < 0) {
                if (cause == null) {
                    cause = "malformed Lambda proxy response";
                }
                status = HttpApiEvents.writeError(exchange, 500, INTERNAL_SERVER_ERROR, apiRequestId);
            }
        } catch (TimeoutException e) {
            result = InvocationResult.failure(Outcome.FUNCTION_ERROR, "IntegrationTimeout", "integration timeout");
            cause = "integration timeout after " + lambda.integrationTimeout().toMillis() + " ms";
            status = HttpApiEvents.writeError(exchange, 503, SERVICE_UNAVAILABLE, apiRequestId);
        }
        lambda.finish(invocation, result, status, cause, System.nanoTime());
        return status;
    }
}
