package dev.twinstack.lambdalocal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: a JVM running AWS's runtime interface client inside the unpacked function, and the Runtime
 * API it polls. At most one invocation is in flight; between invocations the process is frozen.
 */
final class Environment {

    enum State {
        INITIALIZING,
        BUSY,
        IDLE,
        ABANDONED,
        DEAD
    }

    private static final String API = "/2018-06-01/runtime";
    private static final Invocation SHUTDOWN = new Invocation(new byte[0], 0);

    final String id;
    private final FunctionConfig config;
    private final LocalLambda service;
    private final Signals signals;
    private final ScheduledExecutorService timers;
    private final HttpServer runtimeApi;
    private final BlockingQueue<Invocation> inbox = new LinkedBlockingQueue<>();
    private final long startNanos = System.nanoTime();
    private final Process process;

    private State state = State.INITIALIZING;
    private boolean frozen;
    private Invocation current;
    private ScheduledFuture<?> timeout;
    private final ScheduledFuture<?> initTimeout;
    private volatile Double initMs;
    private volatile long idleSinceNanos;

    Environment(
            String id,
            FunctionConfig config,
            LocalLambda service,
            Signals signals,
            ScheduledExecutorService timers,
            ExecutorService handlers,
            Path runtimeDir,
            Invocation first) {
        this.id = id;
        this.config = config;
        this.service = service;
        this.signals = signals;
        this.timers = timers;
        first.cold = true;
        first.environmentId = id;
        inbox.add(first);
        try {
            runtimeApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Runtime API for " + id, e);
        }
        runtimeApi.setExecutor(handlers);
        runtimeApi.createContext(API + "/", this::route);
        runtimeApi.start();
        var builder = new ProcessBuilder(ManagedJavaRuntime.command(config, runtimeDir, id))
                .directory(config.functionDir().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment()
                .putAll(ManagedJavaRuntime.environment(
                        config, "127.0.0.1:" + runtimeApi.getAddress().getPort(), id));
        try {
            process = builder.start();
        } catch (IOException e) {
            runtimeApi.stop(0);
            throw new UncheckedIOException("cannot start " + id, e);
        }
        pumpOutput();
        process.onExit().thenRun(this::onExit);
        // Lambda gives init 10 s, then runs an unfinished init again inside the first invocation, within the function
        // timeout; here the same init simply goes on for that long.
        initTimeout = timers.schedule(
                this::onInitTimeout, config.initTimeout().plus(config.timeout()).toMillis(), TimeUnit.MILLISECONDS);
    }

    long pid() {
        return process.pid();
    }

    synchronized State state() {
        return state;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** Hands an invocation to this idle environment, thawing it first; false when it is no longer idle. */
    boolean assign(Invocation invocation) {
        synchronized (this) {
            if (state != State.IDLE) {
                return false;
            }
            state = State.BUSY;
            if (frozen) {
                signals.resume(process.pid());
                frozen = false;
            }
        }
        invocation.environmentId = id;
        inbox.add(invocation);
        return true;
    }

    /** Stops routing here; the process stays frozen, its connections open, until {@link #kill()}. */
    synchronized boolean abandon() {
        if (state != State.IDLE) {
            return false;
        }
        state = State.ABANDONED;
        return true;
    }

    void kill() {
        synchronized (this) {
            state = State.DEAD;
        }
        process.destroyForcibly();
        inbox.add(SHUTDOWN);
        runtimeApi.stop(0);
    }

    boolean waitForExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath().substring(API.length());
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "/invocation/next".equals(path)) {
                next(exchange);
            } else if ("POST".equals(method) && "/init/error".equals(path)) {
                initError(exchange);
            } else if ("POST".equals(method) && path.startsWith("/invocation/")) {
                String[] parts = path.split("/");
                if (parts.length == 4 && ("response".equals(parts[3]) || "error".equals(parts[3]))) {
                    returned(exchange, parts[2], "error".equals(parts[3]));
                } else {
                    reply(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"" + path + "\"}");
                }
            } else {
                reply(exchange, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"" + path + "\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (initMs == null) {
            initMs = (System.nanoTime() - startNanos) / 1e6;
            initTimeout.cancel(false);
        } else {
            // Back from an invocation with nothing queued: freeze until the next one thaws it, as Lambda does.
            synchronized (this) {
                if ((state == State.IDLE || state == State.ABANDONED) && inbox.isEmpty()) {
                    frozen = signals.stop(process.pid());
                }
            }
        }
        Invocation invocation;
        try {
            invocation = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (invocation == SHUTDOWN) {
            return;
        }
        synchronized (this) {
            if (state == State.DEAD) {
                return;
            }
            state = State.BUSY;
            current = invocation;
            if (invocation.cold) {
                invocation.initMs = initMs;
                invocation.initDoneNanos = startNanos + (long) (initMs * 1e6);
            }
            timeout = timers.schedule(
                    () -> onTimeout(invocation), config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set(
                "Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + config.timeout().toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", ManagedJavaRuntime.functionArn(config));
        headers.set("Lambda-Runtime-Trace-Id", traceId(invocation));
        invocation.deliveredNanos = System.nanoTime();
        exchange.sendResponseHeaders(200, invocation.event.length);
        exchange.getResponseBody().write(invocation.event);
        exchange.getResponseBody().flush();
        // Logged once the event is on its way, so that writing the log is no part of the measured overhead.
        config.log().accept(LogLines.start(invocation.requestId));
    }

    /** /invocation/{id}/response or /error: the function's answer ends the invocation. */
    private void returned(HttpExchange exchange, String requestId, boolean failed) throws IOException {
        long returned = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = finish(requestId, returned);
        if (invocation == null) {
            reply(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        service.idle(this);
        if (failed) {
            String type = errorType(exchange, body);
            invocation.complete(new InvocationResult(Outcome.FUNCTION_ERROR, type, body), cause(type, body));
        } else {
            invocation.complete(InvocationResult.success(body), null);
        }
        reply(exchange, 202, "{\"status\":\"OK\"}");
        report(invocation);
    }

    private void initError(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String type = errorType(exchange, body);
        reply(exchange, 202, "{\"status\":\"OK\"}");
        double elapsed = (System.nanoTime() - startNanos) / 1e6;
        config.log().accept(LogLines.initReport(elapsed, "error", type));
        failInit(new InvocationResult(Outcome.INIT_ERROR, type, body), type + ": " + errorMessage(body));
    }

    private synchronized Invocation finish(String requestId, long returned) {
        if (current == null || !current.requestId.equals(requestId)) {
            return null;
        }
        Invocation invocation = current;
        current = null;
        timeout.cancel(false);
        // Routable again from its answer on, not from its next poll: a client's next request must find it idle.
        state = State.IDLE;
        idleSinceNanos = returned;
        invocation.returnedNanos = returned;
        invocation.durationMs = (returned - invocation.deliveredNanos) / 1e6;
        return invocation;
    }

    private void report(Invocation invocation) {
        report(invocation, ProcStatus.maxMemoryUsedMb(process.pid()));
    }

    private void report(Invocation invocation, long maxMemoryUsedMb) {
        config.log().accept(LogLines.end(invocation.requestId));
        config.log()
                .accept(LogLines.report(
                        invocation.requestId,
                        invocation.durationMs,
                        config.memoryMb(),
                        maxMemoryUsedMb,
                        invocation.cold ? invocation.initMs : null));
    }

    private void onTimeout(Invocation invocation) {
        long maxMemory;
        synchronized (this) {
            if (current != invocation) {
                return;
            }
            current = null;
            maxMemory = ProcStatus.maxMemoryUsedMb(process.pid());
            invocation.durationMs = (System.nanoTime() - invocation.deliveredNanos) / 1e6;
        }
        String timedOut = "Task timed out after "
                + String.format(java.util.Locale.ROOT, "%.2f", config.timeout().toMillis() / 1000.0) + " seconds";
        kill();
        service.removed(this);
        invocation.complete(
                InvocationResult.failure(
                        Outcome.TIMEOUT,
                        "Sandbox.Timedout",
                        "RequestId: " + invocation.requestId + " Error: " + timedOut),
                "Sandbox.Timedout: " + timedOut);
        config.log().accept(Instant.now() + " " + invocation.requestId + " " + timedOut);
        report(invocation, maxMemory);
    }

    private void onInitTimeout() {
        synchronized (this) {
            if (initMs != null || state == State.DEAD) {
                return;
            }
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e6;
        config.log().accept(LogLines.initReport(elapsed, "timeout", null));
        failInit(
                InvocationResult.failure(
                        Outcome.INIT_ERROR,
                        "Sandbox.Timedout",
                        "Init phase did not finish within "
                                + config.initTimeout().toSeconds() + " seconds"),
                "Sandbox.Timedout: init did not finish within "
                        + config.initTimeout().toSeconds() + " s");
    }

    private long initLimit() {
        return config.initTimeout().plus(config.timeout()).toMillis();
    }

    private void failInit(InvocationResult result, String cause) {
        kill();
        service.removed(this);
        Invocation pending;
        while ((pending = inbox.poll()) != null) {
            if (pending != SHUTDOWN) {
                pending.complete(result, cause);
            }
        }
    }

    private void onExit() {
        Invocation running;
        synchronized (this) {
            if (state == State.DEAD) {
                return;
            }
            state = State.DEAD;
            running = current;
            current = null;
        }
        int code = process.exitValue();
        String message = "Runtime exited with error: exit status " + code;
        runtimeApi.stop(0);
        service.removed(this);
        if (running != null) {
            running.complete(
                    InvocationResult.failure(
                            Outcome.FUNCTION_ERROR,
                            "Runtime.ExitError",
                            "RequestId: " + running.requestId + " Error: " + message),
                    "Runtime.ExitError: " + message);
        }
        if (initMs == null) {
            config.log()
                    .accept(LogLines.initReport((System.nanoTime() - startNanos) / 1e6, "error", "Runtime.ExitError"));
        }
        Invocation pending;
        while ((pending = inbox.poll()) != null) {
            if (pending != SHUTDOWN) {
                pending.complete(
                        InvocationResult.failure(Outcome.INIT_ERROR, "Runtime.ExitError", message),
                        "Runtime.ExitError: " + message);
            }
        }
    }

    private void pumpOutput() {
        Thread pump = new Thread(
                () -> {
                    try (var lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            config.log().accept("[" + id + "] " + line);
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                id + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private String traceId(Invocation invocation) {
        String hex = invocation.requestId.replace("-", "");
        return "Root=1-" + Long.toHexString(invocation.receivedAt.getEpochSecond()) + "-" + hex.substring(0, 24)
                + ";Parent=" + hex.substring(16, 32) + ";Sampled=0";
    }

    private static String errorType(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        if (header != null && !header.isBlank()) {
            return header;
        }
        try {
            var type = Json.MAPPER.readTree(body).get("errorType");
            return type == null ? "Unhandled" : type.asText();
        } catch (IOException e) {
            return "Unhandled";
        }
    }

    /** The runtime's error type, then the document's own (the exception class for Java) when it differs. */
    private static String cause(String type, byte[] body) {
        try {
            var document = Json.MAPPER.readTree(body).get("errorType");
            if (document != null && !document.asText().equals(type)) {
                return type + ": " + document.asText() + ": " + errorMessage(body);
            }
        } catch (IOException e) {
            // not JSON: the message below carries the body as it is
        }
        return type + ": " + errorMessage(body);
    }

    private static String errorMessage(byte[] body) {
        try {
            var message = Json.MAPPER.readTree(body).get("errorMessage");
            return message == null ? "" : message.asText();
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
