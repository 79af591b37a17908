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
 */
public record GatewayRoute(String route, String side, long requests, long errors, Percentiles latencyMs) {}
