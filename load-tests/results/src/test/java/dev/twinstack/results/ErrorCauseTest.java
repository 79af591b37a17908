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
    void tellsAThrottleAFunctionErrorAndTheFunctionsTimeoutApartThoughTheApiAnswered500ToEach() {
        assertEquals(Optional.of(ErrorCause.THROTTLE), ErrorCause.ofInvocation(InvocationOutcome.THROTTLED, 500));
        assertEquals(
                Optional.of(ErrorCause.FUNCTION_ERROR), ErrorCause.ofInvocation(InvocationOutcome.FUNCTION_ERROR, 500));
        assertEquals(
                Optional.of(ErrorCause.FUNCTION_ERROR), ErrorCause.ofInvocation(InvocationOutcome.INIT_ERROR, 500));
        assertEquals(Optional.of(ErrorCause.TIMEOUT), ErrorCause.ofInvocation(InvocationOutcome.TIMEOUT, 500));
    }

    @Test
    void takesTheApisOwn503AsItsIntegrationTimeoutNotTheFunctionsTimeout() {
        assertEquals(
                Optional.of(ErrorCause.INTEGRATION_TIMEOUT),
                ErrorCause.ofInvocation(InvocationOutcome.FUNCTION_ERROR, 503));
        assertEquals(
                Optional.of(ErrorCause.INTEGRATION_TIMEOUT),
                ErrorCause.ofInvocation(InvocationOutcome.INIT_ERROR, 503));
    }

    @Test
    void takesWhatTheFunctionAnsweredAsTheServicesOwnAnswer() {
        assertEquals(Optional.empty(), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 200));
        assertEquals(Optional.of(ErrorCause.CLIENT_ERROR), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 404));
        // The service's own fast refusal when its pool is saturated, answered through the function.
        assertEquals(Optional.of(ErrorCause.SATURATION), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 503));
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 500));
        // A 504 the function returned is its own answer, not a timeout on the way.
        assertEquals(Optional.of(ErrorCause.SERVER_ERROR), ErrorCause.ofInvocation(InvocationOutcome.SUCCESS, 504));
    }

    @Test
    void namesEachCauseAsThePageShowsIt() {
        assertEquals("throttle", ErrorCause.THROTTLE.label());
        assertEquals("server error", ErrorCause.SERVER_ERROR.label());
        assertEquals("integration timeout", ErrorCause.INTEGRATION_TIMEOUT.label());
        assertEquals("function error", ErrorCause.FUNCTION_ERROR.label());
        assertEquals("timeout", ErrorCause.TIMEOUT.label());
    }
}
