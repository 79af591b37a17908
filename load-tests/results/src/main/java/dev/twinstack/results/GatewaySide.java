package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * One side of the hybrid target, as the database and the gateway saw it.
 *
 * @param side {@code lambda} (through the RDS Proxy stand-in) or {@code k8s}
 * @param applicationName the prefix of its database connections' application name
 * @param requests requests it answered
 * @param spilledIn of those, requests spilled onto it (Lambda) or away from it (Kubernetes)
 * @param peakConnections its server connections, peak of the samples
 * @param connections its server connections over time
 */
public record GatewaySide(
        String side,
        String applicationName,
        long requests,
        long spilledIn,
        Optional<Integer> peakConnections,
        List<ConnectionSample> connections) {

    public GatewaySide {
        connections = List.copyOf(connections);
    }
}
