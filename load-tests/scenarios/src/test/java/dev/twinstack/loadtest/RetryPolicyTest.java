package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The waits between attempts: exponential with full jitter, capped; Retry-After when the service gives one. */
class RetryPolicyTest {

    private static final RetryPolicy POLICY = RetryPolicy.CAREFUL_CLIENT;

    @Test
    void doublesTheCeilingOfTheJitterAfterEachAttemptUpToTheCap() {
        assertEquals(Duration.ofMillis(100), POLICY.backoff(1, Optional.empty(), () -> 0.5));
        assertEquals(Duration.ofMillis(200), POLICY.backoff(2, Optional.empty(), () -> 0.5));
        assertEquals(Duration.ofMillis(800), POLICY.backoff(4, Optional.empty(), () -> 0.5));
        assertEquals(Duration.ofMillis(1000), POLICY.backoff(5, Optional.empty(), () -> 0.5));
        assertEquals(Duration.ofMillis(1000), POLICY.backoff(40, Optional.empty(), () -> 0.5));
        assertEquals(Duration.ofMillis(1999), POLICY.backoff(40, Optional.empty(), () -> 0.9999));
    }

    @Test
    void drawsTheWholeWaitAtRandomFromZero() {
        assertEquals(Duration.ZERO, POLICY.backoff(3, Optional.empty(), () -> 0));
        assertEquals(Duration.ofMillis(400), POLICY.backoff(3, Optional.empty(), () -> 0.5));
    }

    @Test
    void waitsWhatRetryAfterSaysUpToItsCap() {
        assertEquals(Duration.ofSeconds(1), POLICY.backoff(1, Optional.of(1L), () -> 0.5));
        assertEquals(Duration.ofSeconds(5), POLICY.backoff(1, Optional.of(120L), () -> 0.5));
    }

    @Test
    void readsRetryAfterInSecondsAndNothingElse() {
        assertEquals(Optional.of(1L), RetryPolicy.retryAfterSeconds("1"));
        assertEquals(Optional.of(30L), RetryPolicy.retryAfterSeconds(" 30 "));
        assertEquals(Optional.empty(), RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT"));
        assertEquals(Optional.empty(), RetryPolicy.retryAfterSeconds(null));
        assertEquals(Optional.empty(), RetryPolicy.retryAfterSeconds("-1"));
    }
}
