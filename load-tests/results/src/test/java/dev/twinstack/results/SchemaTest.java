package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of results.json read off the records, as documentation is checked against it. */
class SchemaTest {

    private final Map<String, List<String>> shape = Schema.of(Results.class);

    @Test
    void marksWhatARunMayLeaveOut() {
        assertEquals(List.of("schema", "run", "targets", "cost?"), shape.get(Schema.TOP));
        assertEquals(
                List.of("lambda?", "pgbouncer?", "replicas?", "collected?", "gateway?", "autoscaling?"),
                shape.get("targets[].extras"));
        List<String> target = shape.get("targets[]");
        int ledger = target.indexOf("ledger?");
        assertEquals(List.of("ledger?", "drills", "cpu?"), target.subList(ledger, ledger + 3));
        assertTrue(target.contains("traces?"), target.toString());
        assertEquals(
                "flows?",
                shape.get("targets[].requests")
                        .get(shape.get("targets[].requests").size() - 1));
    }

    @Test
    void namesFieldsAsTheFileDoes() {
        assertEquals(
                List.of("t", "cl_active", "cl_waiting", "sv_active", "sv_idle", "sv_used"),
                shape.get("targets[].extras.pgbouncer.samples[]"));
    }

    @Test
    void listsTheValuesOfEveryClosedSet() {
        assertEquals(
                List.of(
                        "no-response",
                        "throttle",
                        "saturation",
                        "timeout",
                        "integration-timeout",
                        "function-error",
                        "server-error",
                        "client-error"),
                shape.get("targets[].requests.timeline[].errorsByCause"));
        assertEquals(
                List.of("SUCCESS", "FUNCTION_ERROR", "TIMEOUT", "INIT_ERROR", "THROTTLED"),
                shape.get("targets[].extras.lambda.invocations[].outcome"));
    }

    @Test
    void walksIntoListsOfObjectsAndNotIntoListsOfValues() {
        assertEquals(
                List.of(
                        "replica",
                        "readyMs",
                        "startedAtLoadSecond",
                        "origin?",
                        "inRotationMs?",
                        "coldRequestMs?",
                        "stoppedAtLoadSecond?"),
                shape.get("targets[].extras.replicas[]"));
        assertEquals(List.of("PREWARMED", "AUTOSCALED"), shape.get("targets[].extras.replicas[].origin"));
        assertEquals(
                List.of("assumptions", "pricingDate", "volumes", "monthlyUsd", "crossoverRequestsPerMonth?", "split?"),
                shape.get("cost"));
        assertEquals(false, shape.containsKey("cost.volumes"));
    }
}
