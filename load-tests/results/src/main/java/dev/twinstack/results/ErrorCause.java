package dev.twinstack.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * Why a request failed: the one mapping from what was observed to a cause, used for the totals, the per-second
 * timeline and every label on the page.
 */
public enum ErrorCause {
    /** No HTTP response at all: connection refused or reset, or the client's own timeout. */
    @JsonProperty("no-response")
    NO_RESPONSE("no response"),
    /** The platform refused the request for capacity: 429, or a Lambda invocation throttled by concurrency. */
    @JsonProperty("throttle")
    THROTTLE("throttle"),
    /** The bounded pool's fast refusal: 503 from the service. */
    @JsonProperty("saturation")
    SATURATION("saturation"),
    /** The function ran past its own timeout (Lambda), or a gateway answered 504 (its upstream timed out). */
    @JsonProperty("timeout")
    TIMEOUT("timeout"),
    /**
     * The HTTP API's integration timeout: the API gave up waiting for the function (its own 503) while the function
     * may still run.
     */
    @JsonProperty("integration-timeout")
    INTEGRATION_TIMEOUT("integration timeout"),
    /**
     * The function failed without an answer of its own: an unhandled error, its runtime exiting, an init or restore
     * that failed (the HTTP API's 500).
     */
    @JsonProperty("function-error")
    FUNCTION_ERROR("function error"),
    /** The service's own 5xx answer other than 503 (on Lambda: one the function returned). */
    @JsonProperty("server-error")
    SERVER_ERROR("server error"),
    /** A 4xx other than 429: a fault in the scenario, not the target. */
    @JsonProperty("client-error")
    CLIENT_ERROR("client error");

    private final String label;

    ErrorCause(String label) {
        this.label = label;
    }

    /** How the page names it. */
    public String label() {
        return label;
    }

    /** The cause of a response as the client saw it; empty for a success (below 400). */
    public static Optional<ErrorCause> ofStatus(int status) {
        if (status == 0) {
            return Optional.of(NO_RESPONSE);
        }
        if (status < 400) {
            return Optional.empty();
        }
        return Optional.of(
                switch (status) {
                    case 429 -> THROTTLE;
                    case 503 -> SATURATION;
                    case 504 -> TIMEOUT;
                    default -> status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
                });
    }

    /**
     * The cause of a request that went through an API Gateway HTTP API to Lambda, from its invocation's record and the
     * status the API answered: the API answers a throttle, a function error and the function's own timeout alike
     * (500), so the client alone cannot tell them apart. The API's own 503 is its integration timeout: the function
     * had not answered in time. What the function answered itself is the service's answer: its 503 is the service's
     * refusal (saturation), any other 5xx a server error, never a timeout.
     */
    public static Optional<ErrorCause> ofInvocation(InvocationOutcome outcome, int status) {
        return switch (outcome) {
            case SUCCESS -> ofAnswer(status);
            case THROTTLED -> Optional.of(THROTTLE);
            case TIMEOUT -> Optional.of(TIMEOUT);
            case FUNCTION_ERROR, INIT_ERROR ->
                Optional.of(status == API_INTEGRATION_TIMEOUT ? INTEGRATION_TIMEOUT : FUNCTION_ERROR);
        };
    }

    /** The cause of an answer the service itself gave (no gateway's status in it). */
    private static Optional<ErrorCause> ofAnswer(int status) {
        return status >= 500 && status != 503 ? Optional.of(SERVER_ERROR) : ofStatus(status);
    }

    /** What an HTTP API answers when its integration timeout runs out before the function answers. */
    private static final int API_INTEGRATION_TIMEOUT = 503;
}
