package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Runtime API as AWS's runtime interface client sees it: invocations end to end and errors as Lambda reports them. */
class ConformanceTest {

    private static final List<String> LOG = TestFunction.newLog();
    private static LocalLambda lambda;

    @BeforeAll
    static void startService() {
        lambda = LocalLambda.start(
                TestFunction.config(LOG).reservedConcurrency(1).build());
    }

    @AfterAll
    static void stopService() {
        lambda.close();
    }

    @Test
    void runsAnInvocationEndToEndThroughTheRuntimeInterfaceClient() {
        var response = TestFunction.get(lambda, "echo/path?size=2&size=3");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"rawPath\":\"/echo/path\""), response.body());
        assertTrue(response.body().contains("\"size\":\"2,3\""), response.body());
    }

    @Test
    void givesTheFunctionLambdasContext() {
        var response = TestFunction.get(lambda, "context");

        assertEquals(200, response.statusCode());
        assertTrue(
                response.body().matches("[0-9a-f-]{36} arn:aws:lambda:us-east-1:123456789012:function:probe 256 \\d+"),
                response.body());
    }

    @Test
    void answersAFailingHandlerAsHttpApiDoesAndRecordsTheCause() {
        var response = TestFunction.get(lambda, "fail");

        assertEquals(500, response.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", response.body());
        var record = TestFunction.record(lambda, r -> r.outcome() == Outcome.FUNCTION_ERROR);
        assertTrue(
                record.cause().endsWith("java.lang.IllegalStateException: order service unavailable"), record.cause());
    }

    @Test
    void returnsTheHandlersErrorDocumentAsLambdasInvokeDoes() throws InterruptedException {
        var result = lambda.invoke("{\"rawPath\":\"/fail\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(Outcome.FUNCTION_ERROR, result.outcome());
        assertTrue(
                result.payloadText().contains("\"errorMessage\":\"order service unavailable\""), result.payloadText());
        assertTrue(
                result.payloadText().contains("\"errorType\":\"java.lang.IllegalStateException\""),
                result.payloadText());
    }
}
