package dev.twinstack.results;

/**
 * One route of the gateway's table and the side that served its requests.
 *
 * @param route the route key as the template writes it ({@code ANY /api/{proxy+}}; empty for requests no route matched)
 * @param side {@code lambda} or {@code k8s} (the integration that answered; {@code gateway} when the gateway answered
 *     itself: 401 without a valid token, 404 without a route)
 * @param requests requests on this route answered by this side
 * @param errors those answered with a status of 500 or more
 * @param latencyMs their latency at the gateway, ms (errors included)
 * @param cold those that met a cold start: on the Lambda side, whose invocation record says cold (an on-demand init or
 *     a SnapStart restore); on the Kubernetes side, a replica's first request (the service's {@code X-Cold-Start})
 * @param throttles those whose cause is {@link ErrorCause#THROTTLE} (on the Lambda side from the invocation record, as
 *     the function's 500 cannot tell; elsewhere from the status, 429)
 */
public record GatewayRoute(
        String route, String side, long requests, long errors, Percentiles latencyMs, long cold, long throttles) {

    public GatewayRoute {
        if (requests < 0 || errors < 0 || cold < 0 || throttles < 0) {
            throw new IllegalArgumentException("a route's counts are never negative: " + route + " on " + side);
        }
        if (errors > requests || cold > requests || throttles > requests) {
            throw new IllegalArgumentException("a route's errors, cold requests and throttles are among its " + requests
                    + " requests, not " + errors + ", " + cold + ", " + throttles + ": " + route + " on " + side);
        }
    }
}
