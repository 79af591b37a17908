package dev.twinstack.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hybrid target's gateway in results.json: its routes' cold starts and throttles, its sides' connections. */
class GatewayJsonTest {

    private static final Percentiles LATENCY = new Percentiles(40, 12, 30, 45, 60);
    private static final GatewayRoute USERS = new GatewayRoute("ANY /api/users", "lambda", 40, 2, LATENCY, 3, 1);
    private static final Gateway GATEWAY = new Gateway(
            false,
            List.of(USERS, new GatewayRoute("ANY /api/{proxy+}", "k8s", 150, 0, LATENCY, 2, 0)),
            List.of(
                    new GatewaySide(
                            "lambda",
                            "twinstack-hybrid-lambda",
                            40,
                            0,
                            Optional.of(3),
                            List.of(new ConnectionSample(0.25, 3, 1, 2, 0))),
                    new GatewaySide(
                            "k8s",
                            "twinstack-k8s",
                            150,
                            0,
                            Optional.of(16),
                            List.of(new ConnectionSample(0.25, 16, 4, 12, 0)))),
            0,
            new Percentiles(0, 0, 0, 0, 0),
            new Percentiles(0, 0, 0, 0, 0),
            190,
            "hybrid/edge-spans.jsonl");

    @TempDir
    Path dir;

    @Test
    void readsBackEachRoutesColdStartsAndThrottles() throws IOException {
        Results written = withGateway();

        Path file = dir.resolve("results.json");
        ResultsJson.write(written, file);

        Results read = ResultsJson.read(file);
        assertEquals(written, read);
        GatewayRoute users =
                read.targets().get(0).extras().gateway().orElseThrow().routes().get(0);
        assertEquals(3, users.cold());
        assertEquals(1, users.throttles());
    }

    @Test
    void refusesARouteWithoutItsThrottles() throws IOException {
        Path file = dir.resolve("results.json");
        ResultsJson.write(withGateway(), file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(file.toFile());
        ((ObjectNode) tree.path("targets")
                        .get(0)
                        .path("extras")
                        .path("gateway")
                        .path("routes")
                        .get(0))
                .remove("throttles");
        json.writeValue(file.toFile(), tree);

        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(file));

        assertTrue(e.getMessage().contains("'throttles'"), e.getMessage());
    }

    @Test
    void refusesMoreColdRequestsThanTheRouteServed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new GatewayRoute("ANY /api/users", "lambda", 40, 0, LATENCY, 41, 0));

        assertTrue(e.getMessage().contains("among its 40 requests"), e.getMessage());
    }

    private static Results withGateway() {
        Results complete = ResultsJsonTest.complete();
        TargetResult t = complete.targets().get(0);
        Extras e = t.extras();
        TargetResult hybrid = new TargetResult(
                "hybrid",
                t.description(),
                t.slosMet(),
                t.gatlingReport(),
                t.requests(),
                t.peakConnections(),
                t.budget(),
                t.connections(),
                new Extras(
                        e.lambda(), e.pgbouncer(), e.replicas(), e.collected(), Optional.of(GATEWAY), e.autoscaling()),
                t.ledger(),
                t.drills(),
                t.cpu(),
                t.traces());
        return new Results(complete.schema(), complete.run(), List.of(hybrid), complete.cost());
    }
}
