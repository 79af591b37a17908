package dev.twinstack.loadtest;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How a careful client retries an order write whose outcome it does not know, always with the same Idempotency-Key:
 * at most {@code maxAttempts} attempts in all; between two, what the service's {@code Retry-After} says (capped at
 * {@code maxRetryAfter}), else exponential backoff with full jitter (a uniform wait between 0 and {@code base} ×
 * 2<sup>n-1</sup> after the n-th attempt, capped at {@code cap}), so clients that failed together do not retry together.
 */
record RetryPolicy(int maxAttempts, Duration base, Duration cap, Duration maxRetryAfter) {

    /** Three attempts, 200 ms doubling to at most 2 s, Retry-After honoured up to 5 s: a write gives up within ~10 s. */
    static final RetryPolicy CAREFUL_CLIENT =
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt: " + maxAttempts);
        }
    }

    /**
     * The wait after the {@code attempt}-th attempt (1 for the first) before the next one.
     *
     * @param retryAfterSeconds the answer's {@code Retry-After} in seconds, when it had one
     * @param random uniform in [0, 1)
     */
    Duration backoff(int attempt, Optional<Long> retryAfterSeconds, DoubleSupplier random) {
        if (retryAfterSeconds.isPresent()) {
            Duration asked = Duration.ofSeconds(Math.max(0, retryAfterSeconds.get()));
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 30));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }

    /** {@code Retry-After} in seconds, as a delay (an HTTP date is not honoured: backoff applies). */
    static Optional<Long> retryAfterSeconds(String header) {
        if (header == null || !header.strip().matches("\\d{1,6}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(header.strip()));
    }
}
