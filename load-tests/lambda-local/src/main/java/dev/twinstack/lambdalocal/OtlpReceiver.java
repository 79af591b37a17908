package dev.twinstack.lambdalocal;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * Receives spans over OTLP/HTTP (protobuf), as the collector a deployment sends them to: the OpenTelemetry Lambda
 * layer's collector extension on the function's localhost, the sidecar in a pod. It keeps what it received, in
 * arrival order, so that a test or the lab can read a request's trace; it listens on loopback only.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span as received, with its service (the resource's {@code service.name}) and string attributes. */
    public record ReceivedSpan(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            long startEpochNanos,
            long endEpochNanos,
            long receivedEpochMillis,
            Map<String, String> attributes) {

        public boolean root() {
            return parentSpanId.isEmpty();
        }
    }

    private static final String TRACES = "/v1/traces";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free port of 127.0.0.1. */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-receiver");
                t.setDaemon(true);
                return t;
            });
            OtlpReceiver receiver = new OtlpReceiver(server, executor);
            server.createContext("/", receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for OTLP on loopback", e);
        }
    }

    /** The base URL exporters are given (OTLP/HTTP adds {@code /v1/traces}; a URL with that path works too). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace (lowercase hex trace id), in arrival order. */
    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /**
     * Keeps a span that did not come over OTLP, as if received now: the gateway's edge span ({@link EdgeSpan}), which
     * the lab's gateway records in the same process.
     */
    public void accept(ReceivedSpan span) {
        spans.add(span);
    }

    /**
     * The traces received so far, put together: one example per route of the edge spans {@code edgeService} recorded
     * ({@link Traces#examples}).
     */
    public List<dev.twinstack.results.Trace> examples(String edgeService) {
        return Traces.examples(spans(), edgeService);
    }

    /** Requests it could not read (wrong path, method or body): a test asserts there were none. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            receive(exchange);
        } catch (RuntimeException | Error e) {
            // Kept where a test reads it: an exception here would otherwise end only this handler's thread.
            rejected.add("receiver failure: " + e);
            throw e;
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !(path.equals(TRACES) || path.equals("/"))) {
                rejected.add(exchange.getRequestMethod() + " " + path);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException e) {
                rejected.add("unreadable body: " + e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            spans.addAll(read(request, System.currentTimeMillis()));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        InputStream raw = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
    }

    /** The spans of one export request, flattened (the one reading of OTLP's nesting). */
    static List<ReceivedSpan> read(ExportTraceServiceRequest request, long receivedEpochMillis) {
        List<ReceivedSpan> read = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service =
                    attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    read.add(new ReceivedSpan(
                            service,
                            hex(span.getTraceId()),
                            hex(span.getSpanId()),
                            hex(span.getParentSpanId()),
                            span.getName(),
                            span.getKind().name().replace("SPAN_KIND_", ""),
                            span.getStartTimeUnixNano(),
                            span.getEndTimeUnixNano(),
                            receivedEpochMillis,
                            attributes(span.getAttributesList())));
                }
            }
        }
        return read;
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            AnyValue v = kv.getValue();
            String value = switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                default -> v.toString().strip();
            };
            attributes.put(kv.getKey(), value);
        }
        return attributes;
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
