package dev.twinstack.lambda;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.security.SecureRandom;

/**
 * Trace and span ids that differ between environments restored from one snapshot. OpenTelemetry's default generator
 * draws from ThreadLocalRandom, whose seeds are part of the snapshot, so every restored copy would produce the same id
 * sequence; this one draws from a SecureRandom that {@link #reseed()} mixes fresh entropy into after each restore.
 */
final class SnapStartIds implements IdGenerator {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String generateSpanId() {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return SpanId.fromLong(id);
    }

    @Override
    public String generateTraceId() {
        long high = random.nextLong();
        long low;
        do {
            low = random.nextLong();
        } while (low == 0 && high == 0);
        return TraceId.fromLongs(high, low);
    }

    void reseed() {
        random.setSeed(SecureRandom.getSeed(32));
    }
}
