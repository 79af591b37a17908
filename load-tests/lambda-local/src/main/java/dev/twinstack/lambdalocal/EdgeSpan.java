package dev.twinstack.lambdalocal;

import dev.twinstack.lambdalocal.OtlpReceiver.ReceivedSpan;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The gateway's span of one request, the root of its trace: a W3C {@code traceparent} is created at the edge when the
 * client sent none (a new trace id, this span's id as the parent id), or the client's trace is continued (its trace id
 * and flags, this span a child of the client's). The sampled flag of a new trace follows the project's sampler
 * ({@code parentbased_traceidratio}: at the root, OpenTelemetry's {@code TraceIdRatioBased} decision on the trace id's
 * low 8 bytes), so that the services, which sample parent-based, record the same traces as the edge.
 *
 * <p>Written as one JSON line per span with OTLP/JSON's field names ({@code traceId}, {@code spanId},
 * {@code parentSpanId}, {@code startTimeUnixNano}, ...), so that it can be stitched to the spans the services export.
 *
 * @param parentSpanId the client's span id, or null for a trace started here
 * @param sampled the trace flags' sampled bit, as forwarded
 * @see <a href="https://www.w3.org/TR/trace-context/#traceparent-header">W3C Trace Context: traceparent</a>
 */
public record EdgeSpan(
        String traceId,
        String spanId,
        String parentSpanId,
        boolean sampled,
        String name,
        long startTimeUnixNano,
        long endTimeUnixNano,
        Map<String, Object> attributes) {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);

    /** The context a request is forwarded with: the trace, this span's id and the flags. */
    public record Context(String traceId, String spanId, String parentSpanId, boolean sampled) {

        /** The {@code traceparent} the integrations receive: this span as their parent. */
        public String traceparent() {
            return "00-" + traceId + "-" + spanId + "-" + (sampled ? "01" : "00");
        }
    }

    /**
     * The edge's context for a request that came with {@code traceparent} (null or invalid: a new trace, sampled at
     * {@code ratio}).
     */
    public static Context start(String traceparent, double ratio) {
        String spanId = randomHex(8, INVALID_SPAN);
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent.strip());
            if (matcher.matches()
                    && !matcher.group(1).equals(INVALID_TRACE)
                    && !matcher.group(2).equals(INVALID_SPAN)) {
                boolean sampled = (Integer.parseInt(matcher.group(3), 16) & 1) == 1;
                return new Context(matcher.group(1), spanId, matcher.group(2), sampled);
            }
        }
        String traceId = randomHex(16, INVALID_TRACE);
        return new Context(traceId, spanId, null, sampledAtRoot(traceId, ratio));
    }

    /**
     * OpenTelemetry's {@code TraceIdRatioBased}: sampled when the absolute value of the trace id's low 8 bytes, as a
     * long, is below {@code ratio × Long.MAX_VALUE}.
     */
    static boolean sampledAtRoot(String traceId, double ratio) {
        long bound;
        if (ratio <= 0) {
            bound = Long.MIN_VALUE;
        } else if (ratio >= 1) {
            bound = Long.MAX_VALUE;
        } else {
            bound = (long) (ratio * Long.MAX_VALUE);
        }
        long random = Long.parseUnsignedLong(traceId.substring(16), 16);
        return Math.abs(random) < bound;
    }

    public static EdgeSpan of(
            Context context, String name, long startEpochNanos, long endEpochNanos, Map<String, Object> attributes) {
        return new EdgeSpan(
                context.traceId(),
                context.spanId(),
                context.parentSpanId(),
                context.sampled(),
                name,
                startEpochNanos,
                endEpochNanos,
                new LinkedHashMap<>(attributes));
    }

    /**
     * An edge span opened for a new trace with the sampling decision given (a test or tool that decides itself), to be
     * ended with the answer's status: {@code route} is the method and route template ({@code GET /api/users}).
     */
    public static Opened open(String service, String route, boolean sampled) {
        Context context = new Context(randomHex(16, INVALID_TRACE), randomHex(8, INVALID_SPAN), null, sampled);
        return new Opened(service, route, context, nowNanos());
    }

    /** An edge span not yet ended ({@link #open}). */
    public record Opened(String service, String route, Context context, long startEpochNanos) {

        public String traceparent() {
            return context.traceparent();
        }

        public String traceId() {
            return context.traceId();
        }

        public boolean sampled() {
            return context.sampled();
        }

        /** Ends it now, with the status the edge answered, as the lab's receiver keeps it. */
        public ReceivedSpan end(int status) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            int space = route.indexOf(' ');
            if (space > 0) {
                attributes.put("http.request.method", route.substring(0, space));
                attributes.put("http.route", route.substring(space + 1));
            } else {
                attributes.put("http.route", route);
            }
            attributes.put("http.response.status_code", status);
            return of(context, route, startEpochNanos, nowNanos(), attributes).received(service);
        }
    }

    /**
     * This span as the lab's receiver keeps the spans it receives ({@link OtlpReceiver#accept}): a SERVER span of
     * {@code service}, its attributes as strings, received when it ended.
     */
    public ReceivedSpan received(String service) {
        Map<String, String> strings = new LinkedHashMap<>();
        attributes.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return new ReceivedSpan(
                service,
                traceId,
                spanId,
                parentSpanId == null ? "" : parentSpanId,
                name,
                "SERVER",
                startTimeUnixNano,
                endTimeUnixNano,
                endTimeUnixNano / 1_000_000,
                strings);
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Random ids as OpenTelemetry's own generator makes them (not secret, only unique). */
    private static String randomHex(int bytes, String invalid) {
        byte[] id = new byte[bytes];
        String hex;
        do {
            ThreadLocalRandom.current().nextBytes(id);
            hex = HexFormat.of().formatHex(id);
        } while (hex.equals(invalid));
        return hex;
    }
}
