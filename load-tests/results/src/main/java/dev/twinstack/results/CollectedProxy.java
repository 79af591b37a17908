package dev.twinstack.results;

import java.util.List;

/**
 * An RDS Proxy's CloudWatch metrics over the run's window (namespace {@code AWS/RDS}, dimension {@code ProxyName}),
 * each the Sum over the proxy's instances per period, as AWS says to aggregate them.
 *
 * @param proxy the proxy's name
 * @param metrics DatabaseConnections, ClientConnections and DatabaseConnectionsCurrentlySessionPinned
 */
public record CollectedProxy(String proxy, List<MetricSeries> metrics) {

    public CollectedProxy {
        metrics = List.copyOf(metrics);
    }
}
