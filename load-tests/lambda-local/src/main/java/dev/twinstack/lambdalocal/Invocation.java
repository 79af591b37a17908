package dev.twinstack.lambdalocal;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One invocation on its way through the service: its event, its {@link Timeline} (replaced, never changed, as events
 * happen) and how it ended.
 */
final class Invocation {

    /** How the invocation ended, as Lambda's Invoke would answer it, and the underlying error when it failed. */
    record Completion(InvocationResult result, String cause) {}

    private final String requestId = UUID.randomUUID().toString();
    private final byte[] event;
    private final AtomicReference<Timeline> timeline;
    private final CompletableFuture<Completion> completion = new CompletableFuture<>();

    Invocation(byte[] event, Timeline received) {
        this.event = event;
        this.timeline = new AtomicReference<>(received);
    }

    String requestId() {
        return requestId;
    }

    byte[] event() {
        return event;
    }

    Timeline timeline() {
        return timeline.get();
    }

    void takenBy(String environmentId, Timeline.Event how, long nanos) {
        timeline.updateAndGet(current -> current.takenBy(environmentId, how, nanos));
    }

    void mark(Timeline.Event event, long nanos) {
        timeline.updateAndGet(current -> current.then(event, nanos));
    }

    /** Ends the invocation; one that was never marked as ended was aborted now. */
    void complete(InvocationResult result, String cause) {
        long now = System.nanoTime();
        timeline.updateAndGet(
                current -> current.ended().isPresent() ? current : current.then(Timeline.Event.ABORTED, now));
        completion.complete(new Completion(result, cause));
    }

    CompletableFuture<Completion> completion() {
        return completion;
    }
}
