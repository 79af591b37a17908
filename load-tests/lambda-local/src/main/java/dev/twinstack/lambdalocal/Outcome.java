package dev.twinstack.lambdalocal;

/** How an invocation ended, in Lambda's terms. */
public enum Outcome {
    /** The function returned a result. */
    SUCCESS,
    /** The function reported an error on /invocation/{id}/error, or its runtime exited during the invocation. */
    FUNCTION_ERROR,
    /** The function ran past its timeout; its environment was killed. */
    TIMEOUT,
    /**
     * The environment's init failed, or its SnapStart restore failed or timed out ({@code SnapStartException}, {@code
     * SnapStartTimeoutException}); the invocation never ran.
     */
    INIT_ERROR,
    /** Lambda rejected the invocation: reserved concurrency or the scale-out rate was exhausted. */
    THROTTLED
}
