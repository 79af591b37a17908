package dev.twinstack.lambdalocal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** One invocation on its way through the service; the timestamps (System.nanoTime) measure the service's own cost. */
final class Invocation {

    final String requestId = UUID.randomUUID().toString();
    final Instant receivedAt = Instant.now();
    final long receivedNanos;
    final byte[] event;
    final CompletableFuture<InvocationResult> result = new CompletableFuture<>();

    volatile String environmentId;
    volatile boolean cold;
    volatile double initMs;
    volatile long initDoneNanos;
    volatile long deliveredNanos;
    volatile long returnedNanos;
    volatile double durationMs;
    volatile String cause;

    Invocation(byte[] event, long receivedNanos) {
        this.event = event;
        this.receivedNanos = receivedNanos;
    }

    /**
     * The service's own share of the time between receipt and the reply, in nanoseconds: receipt to the event's
     * delivery on /next, plus the function's answer to the reply. A cold start's init is the function's, not ours.
     */
    long overheadNanos(long sentNanos) {
        if (deliveredNanos == 0 || returnedNanos == 0) {
            return -1;
        }
        return (deliveredNanos - Math.max(receivedNanos, initDoneNanos)) + (sentNanos - returnedNanos);
    }

    void complete(InvocationResult outcome, String why) {
        if (returnedNanos == 0) {
            returnedNanos = System.nanoTime();
        }
        cause = why;
        result.complete(outcome);
    }
}
