package dev.twinstack.lambdalocal;

import dev.twinstack.lambdalocal.OtlpReceiver.ReceivedSpan;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The span a gateway opens for one request at the edge, where the trace starts: a new W3C trace id and span id, the
 * {@code traceparent} header it sends on (version 00, sampled or not as the edge decided), and, when the request is
 * done, the span itself for the lab's receiver ({@link OtlpReceiver#accept}). Behind it, the service's parent-based
 * sampler follows the edge's decision, so a request is traced on every hop or on none.
 */
public final class EdgeSpan {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.systemUTC();

    private final String service;
    private final String route;
    private final String traceId;
    private final String spanId;
    private final boolean sampled;
    private final long startEpochNanos;

    private EdgeSpan(String service, String route, String traceId, String spanId, boolean sampled, long start) {
        this.service = service;
        this.route = route;
        this.traceId = traceId;
        this.spanId = spanId;
        this.sampled = sampled;
        this.startEpochNanos = start;
    }

    /**
     * Opens the edge span of a request on {@code route} (method and route template: {@code GET /api/users/{id}}),
     * recorded by {@code service} (the gateway's name in the trace).
     */
    public static EdgeSpan start(String service, String route, boolean sampled) {
        return new EdgeSpan(service, route, randomHex(16), randomHex(8), sampled, nowNanos());
    }

    /**
     * Opens the edge span, sampled as OpenTelemetry's trace-id ratio sampler decides for a new trace (the rule the
     * services' {@code parentbased_traceidratio} applies to a request that comes without a {@code traceparent}): the
     * trace id's low 8 bytes, as a non-negative number, below {@code ratio} of {@link Long#MAX_VALUE}. 1 samples every
     * request, 0 none.
     */
    public static EdgeSpan start(String service, String route, double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("a sampling ratio is between 0 and 1: " + ratio);
        }
        String traceId = randomHex(16);
        return new EdgeSpan(service, route, traceId, randomHex(8), sampledAt(traceId, ratio), nowNanos());
    }

    /** OpenTelemetry's TraceIdRatioBased decision for {@code traceId} at {@code ratio}. */
    static boolean sampledAt(String traceId, double ratio) {
        long upperBound =
                ratio == 0.0 ? Long.MIN_VALUE : ratio == 1.0 ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
        long randomPart = Long.parseUnsignedLong(traceId.substring(16), 16);
        // Math.abs(Long.MIN_VALUE) stays negative: below every bound but 0's, as in the SDK.
        return Math.abs(randomPart) < upperBound;
    }

    public String traceId() {
        return traceId;
    }

    public String spanId() {
        return spanId;
    }

    public boolean sampled() {
        return sampled;
    }

    /** The header the gateway sends with the request: {@code 00-<trace id>-<span id>-<01 sampled | 00>}. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /**
     * Ends the span now, as received: a root SERVER span of {@code service} with the route's method and template as
     * {@code http.request.method} and {@code http.route}, and the status the gateway answered.
     */
    public ReceivedSpan end(int status) {
        long end = nowNanos();
        Map<String, String> attributes = new LinkedHashMap<>();
        int space = route.indexOf(' ');
        if (space > 0) {
            attributes.put("http.request.method", route.substring(0, space));
            attributes.put("http.route", route.substring(space + 1));
        } else {
            attributes.put("http.route", route);
        }
        attributes.put("http.response.status_code", Integer.toString(status));
        return new ReceivedSpan(
                service, traceId, spanId, "", route, "SERVER", startEpochNanos, end, end / 1_000_000, attributes);
    }

    private static long nowNanos() {
        Instant now = CLOCK.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Random lowercase hex of {@code bytes} bytes, never all zero (W3C Trace Context forbids an all-zero id). */
    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        do {
            RANDOM.nextBytes(id);
        } while (allZero(id));
        return HexFormat.of().formatHex(id);
    }

    private static boolean allZero(byte[] id) {
        for (byte b : id) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
