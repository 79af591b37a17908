package dev.twinstack.results;

import java.util.Map;

/**
 * The scenario's flows (find the user, place an order, list the orders) as the load generator ran them: a flow stops
 * at its first failed step, so one failure can leave the steps after it unsent; counted from the request log's flow
 * ids.
 *
 * @param flows flows started
 * @param failed flows that stopped at a failed step
 * @param failedAt failed flows by the step they stopped at, in the order the steps first failed
 */
public record Flows(long flows, long failed, Map<String, Long> failedAt) {

    public Flows {
        failedAt = Copies.inOrder(failedAt);
    }
}
