package dev.twinstack.results;

/** How a Lambda invocation ended, in Lambda's terms (the local Lambda service's outcomes, by name). */
public enum InvocationOutcome {
    /** The function returned a result. */
    SUCCESS,
    /** The function reported an error, or its runtime exited during the invocation. */
    FUNCTION_ERROR,
    /** The function ran past its timeout. */
    TIMEOUT,
    /** The environment's init failed or timed out; the invocation never ran. */
    INIT_ERROR,
    /** Lambda rejected the invocation: reserved concurrency or the scale-out rate was exhausted. */
    THROTTLED
}
