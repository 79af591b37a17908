package dev.twinstack.lambdalocal;

import java.nio.charset.StandardCharsets;

/**
 * What Lambda's Invoke would answer: the function's payload on success, otherwise the error document (errorType,
 * errorMessage) with the error type Lambda puts in X-Amz-Function-Error's place.
 */
public record InvocationResult(Outcome outcome, String errorType, byte[] payload) {

    static InvocationResult success(byte[] payload) {
        return new InvocationResult(Outcome.SUCCESS, null, payload);
    }

    static InvocationResult failure(Outcome outcome, String errorType, String errorMessage) {
        return new InvocationResult(outcome, errorType, new ErrorDocument(errorType, errorMessage).toJson());
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
