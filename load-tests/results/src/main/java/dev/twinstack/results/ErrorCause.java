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
    /** A timeout on the way: 504, the API's integration timeout, or the function's own timeout. */
    @JsonProperty("timeout")
    TIMEOUT("timeout"),
    /** Any other server error, and a Lambda function or init error. */
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
     * The cause of a request that went through an API Gateway HTTP API to Lambda, from its invocation's record: the
     * API answers a throttle and a function error alike (500), so the client alone cannot tell them apart. The API's
     * own 503 is its integration timeout: the function had not answered in time.
     */
    public static Optional<ErrorCause> ofInvocation(InvocationOutcome outcome, int status) {
        return switch (outcome) {
            // The function answered; the client saw the function's own answer.
            case SUCCESS -> ofStatus(status);
            case THROTTLED -> Optional.of(THROTTLE);
            case TIMEOUT -> Optional.of(TIMEOUT);
            case FUNCTION_ERROR, INIT_ERROR -> Optional.of(status == INTEGRATION_TIMEOUT ? TIMEOUT : SERVER_ERROR);
        };
    }

    /** What an HTTP API answers when its integration timeout runs out before the function answers. */
    private static final int INTEGRATION_TIMEOUT = 503;
}
