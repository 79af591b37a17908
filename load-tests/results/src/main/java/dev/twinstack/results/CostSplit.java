package dev.twinstack.results;

import java.util.List;

/**
 * The hybrid target's split priced: the share of requests each side served in the run, carried to every volume of the
 * projection beside all-Lambda and all-Kubernetes. Its total at each volume is also the target's column of {@link
 * Cost#monthlyUsd()}.
 *
 * @param target the hybrid target whose gateway measured the split
 * @param lambdaRequests requests its Lambda side answered (spilled ones included)
 * @param kubernetesRequests requests its Kubernetes side answered
 * @param lambdaShare {@code lambdaRequests ÷ (lambdaRequests + kubernetesRequests)}
 * @param lambdaSideUsd at each volume, the function's share (requests, duration, cold starts) and the proxy, USD/month
 * @param apiGatewayUsd at each volume, the HTTP API, which fronts both sides and so takes every request, USD/month
 * @param kubernetesSideUsd at each volume, the cluster at its share (EKS, the pods the HPA keeps, the load balancer)
 */
public record CostSplit(
        String target,
        long lambdaRequests,
        long kubernetesRequests,
        double lambdaShare,
        List<Double> lambdaSideUsd,
        List<Double> apiGatewayUsd,
        List<Double> kubernetesSideUsd) {

    public CostSplit {
        if (lambdaRequests < 0 || kubernetesRequests < 0 || lambdaRequests + kubernetesRequests == 0) {
            throw new IllegalArgumentException("a split is measured on requests the sides answered, not "
                    + lambdaRequests + " and " + kubernetesRequests);
        }
        if (lambdaShare < 0 || lambdaShare > 1) {
            throw new IllegalArgumentException(
                    "the share of requests on Lambda is between 0 and 1, not " + lambdaShare);
        }
        lambdaSideUsd = List.copyOf(lambdaSideUsd);
        apiGatewayUsd = List.copyOf(apiGatewayUsd);
        kubernetesSideUsd = List.copyOf(kubernetesSideUsd);
    }
}
