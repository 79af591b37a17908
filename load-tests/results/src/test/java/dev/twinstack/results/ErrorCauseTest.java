package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one mapping from what was observed to why a request failed. */
class ErrorCauseTest {

    @Test
    void classifiesWhatTheClientSaw() {
        assertEquals(Optional.of(ErrorCause.NO_RESPONSE), ErrorCause.ofStatus(0));
        assertEquals(Optional.empty(), ErrorCause.ofStatus(201));
        assertEquals(Optional.empty(), ErrorCause.ofStatus(399));
        assertEquals(Optional.of(ErrorCause.CLIENT_ERROR), ErrorCause.ofStatus(404));
        assertEquals(Optional.of(ErrorCause.THROTTLE), ErrorCause.ofStatus(429));
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), ErrorCause.ofStatus(500));
        assertEquals(Optional.of(ErrorCause.SATURATION), ErrorCause.ofStatus(503));
        assertEquals(Optional.of(ErrorCause.TIMEOUT), ErrorCause.ofStatus(504));
    }

    @Test
    void tellsAThrottleFromAFunctionErrorByTheInvocationThoughBothAnswered500() {
        assertEquals(Optional.of(ErrorCause.THROTTLE), ErrorCause.ofInvocation(InvocationOutcome.THROTTLED, 500));
        assertEquals(
                Optional.of(ErrorCause.SERVER_ERROR), ErrorCause.ofInvocation(InvocationOutcome.FUNCTION_ERROR, 500));
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), ErrorCause.ofInvocation(InvocationOutcome.INIT_ERROR, 500));
        assertEquals(Optional.of(ErrorCause.TIMEOUT), ErrorCause.ofInvocation(InvocationOutcome.TIMEOUT, 500));
    }

    @Test
    void takesTheApisOwn503AsItsIntegrationTimeout() {
        assertEquals(Optional.of(ErrorCause.TIMEOUT), ErrorCause.ofInvocation(InvocationOutcome.FUNCTION_ERROR, 503));
        assertEquals(Optional.of(ErrorCause.TIMEOUT), ErrorCause.ofInvocation(InvocationOutcome.INIT_ERROR, 503));
    }

    @Test
    void takesWhatTheFunctionAnsweredWhenItSucceeded() {
        assertEquals(Optional.empty(), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 200));
        assertEquals(Optional.of(ErrorCause.CLIENT_ERROR), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 404));
        // The service's own fast refusal when its pool is saturated, answered through the function.
        assertEquals(Optional.of(ErrorCause.SATURATION), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 503));
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 500));
    }

    @Test
    void namesAThrottleAThrottle() {
        assertEquals("throttle", ErrorCause.THROTTLE.label());
        assertEquals("server error", ErrorCause.SERVER_ERROR.label());
    }
}
