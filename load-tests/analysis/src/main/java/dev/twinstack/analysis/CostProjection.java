package dev.twinstack.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Monthly cost of each target at a request volume, and the volume where they cross. A projection from stated inputs
 * and the pricing data, not a bill: free tiers, data transfer, logs and the database itself (the same for both
 * targets) are left out.
 */
public final class CostProjection {

    /**
     * What one Lambda invocation costs in time and memory, from measured durations (REPORT lines) or your own.
     *
     * @param memoryMb the function's memory size
     * @param arm64 whether it runs on arm64 (else x86_64)
     * @param meanBilledDurationMs mean Billed Duration of an invocation
     * @param coldStartRatio share of invocations that start an environment (an on-demand init or a SnapStart restore)
     * @param meanInitMs mean Init phase of an on-demand cold start, billed as duration (0 for a SnapStart function: its
     *     init runs once per published version, not per cold start)
     * @param meanBilledRestoreMs mean Billed Restore Duration of a SnapStart restore, billed as duration (0 without
     *     SnapStart)
     * @param dbVcpus vCPUs of the database behind RDS Proxy, which the proxy is billed by
     */
    public record LambdaProfile(
            int memoryMb,
            boolean arm64,
            double meanBilledDurationMs,
            double coldStartRatio,
            double meanInitMs,
            double meanBilledRestoreMs,
            int dbVcpus) {

        /** Whether cold starts are SnapStart restores. */
        public boolean snapStart() {
            return meanBilledRestoreMs > 0;
        }
    }

    /**
     * The Kubernetes sizing: pods as the manifests request them, billed at Fargate's size for them, as many as the
     * HPA keeps to hold its CPU target with the measured CPU per request, around the clock.
     *
     * @param minReplicas the HPA's minReplicas
     * @param cpuRequestVcpu the pod's CPU requests (the HPA's utilisation is usage over these)
     * @param podVcpu the vCPU Fargate bills the pod at
     * @param podGib the memory Fargate bills the pod at
     * @param cpuSecondsPerRequest the CPU-seconds one request costs the service (measured)
     * @param targetUtilization the HPA's CPU target, as a fraction of the requests
     * @param newConnectionsPerRequest share of requests that open a new connection at the load balancer
     * @param kbPerRequest bytes the load balancer processes per request, in KB
     */
    public record KubernetesProfile(
            int minReplicas,
            double cpuRequestVcpu,
            double podVcpu,
            double podGib,
            double cpuSecondsPerRequest,
            double targetUtilization,
            double newConnectionsPerRequest,
            double kbPerRequest) {

        /**
         * The replicas the HPA settles at for an average rate: the fewest whose CPU utilisation (usage over the pods'
         * requests) stays at or under the target, and never fewer than minReplicas.
         */
        public int replicas(double requestsPerSecond) {
            double cpu = requestsPerSecond * cpuSecondsPerRequest;
            return Math.max(minReplicas, (int) Math.ceil(cpu / (cpuRequestVcpu * targetUtilization) - 1e-9));
        }

        /** The average requests per second one pod takes at the HPA's target. */
        public double requestsPerSecondPerPod() {
            return cpuSecondsPerRequest == 0
                    ? Double.POSITIVE_INFINITY
                    : cpuRequestVcpu * targetUtilization / cpuSecondsPerRequest;
        }
    }

    /** One volume's figures, in USD per month. */
    public record Line(
            double requestsPerMonth,
            double lambda,
            double lambdaRequests,
            double lambdaDuration,
            double lambdaInit,
            double lambdaRestore,
            double apiGateway,
            double rdsProxy,
            double kubernetes,
            double eks,
            double pods,
            double loadBalancer,
            int replicas) {}

    private static final double SECONDS_PER_MONTH = 730 * 3600.0;
    private static final double[] ARM64_TIERS_GBS = {7.5e9, 11.25e9};
    private static final double[] X86_TIERS_GBS = {6e9, 9e9};

    private final Pricing pricing;

    public CostProjection(Pricing pricing) {
        this.pricing = pricing;
    }

    public Line at(double requestsPerMonth, LambdaProfile lambda, KubernetesProfile k8s) {
        double hours = pricing.hoursPerMonth();
        double memoryGb = lambda.memoryMb() / 1024.0;
        double requests = requestsPerMonth / 1e6 * pricing.get("lambda.requestsPerMillion");
        double durationGbs = requestsPerMonth * lambda.meanBilledDurationMs() / 1000 * memoryGb;
        double coldStarts = requestsPerMonth * lambda.coldStartRatio();
        double initGbs = coldStarts * lambda.meanInitMs() / 1000 * memoryGb;
        double restoreGbs = coldStarts * lambda.meanBilledRestoreMs() / 1000 * memoryGb;
        double duration = gbSecondsCost(durationGbs, 0, lambda.arm64());
        double init = gbSecondsCost(initGbs, durationGbs, lambda.arm64());
        // Billed Restore Duration is billed as duration; on Java managed runtimes SnapStart adds no caching or
        // restoration charge (both priced at 0 in pricing.json, with the page that says so).
        double restore = gbSecondsCost(restoreGbs, durationGbs + initGbs, lambda.arm64());
        if (lambda.snapStart()) {
            restore += memoryGb * SECONDS_PER_MONTH * pricing.get("lambda.snapStart.java.cacheGbSecond")
                    + coldStarts * memoryGb * pricing.get("lambda.snapStart.java.restoreGb");
        }
        double api = apiGateway(requestsPerMonth);
        double proxy = Math.max(2, lambda.dbVcpus()) * pricing.get("rdsproxy.vcpuHour") * hours;
        double lambdaTotal = requests + duration + init + restore + api + proxy;

        double averageRps = requestsPerMonth / SECONDS_PER_MONTH;
        int replicas = k8s.replicas(averageRps);
        double pods = replicas
                * (k8s.podVcpu() * pricing.get("fargate.arm64.vcpuHour")
                        + k8s.podGib() * pricing.get("fargate.arm64.gbHour"))
                * hours;
        double eks = pricing.get("eks.clusterHour") * hours;
        double lcu = Math.max(
                averageRps * k8s.newConnectionsPerRequest() / 25, averageRps * 3600 * k8s.kbPerRequest() / 1e6);
        double loadBalancer = (pricing.get("alb.hour") + lcu * pricing.get("alb.lcuHour")) * hours;
        return new Line(
                requestsPerMonth,
                lambdaTotal,
                requests,
                duration,
                init,
                restore,
                api,
                proxy,
                eks + pods + loadBalancer,
                eks,
                pods,
                loadBalancer,
                replicas);
    }

    /**
     * One volume split between the two sides as a hybrid route table sends it, in USD per month.
     *
     * @param lambdaShare share of the requests the routes send to the function (the rest go to the cluster)
     * @param lambdaSide the function's requests, duration, init and restores at its share of the volume, and the proxy
     * @param apiGateway the HTTP API, which fronts both sides and so takes every request
     * @param kubernetesSide the cluster (EKS, the pods the HPA keeps for its share, the load balancer) at its share
     * @param replicas the pods the HPA keeps for the cluster's share
     */
    public record Split(
            double requestsPerMonth,
            double lambdaShare,
            double lambdaSide,
            double apiGateway,
            double kubernetesSide,
            int replicas) {

        public double total() {
            return lambdaSide + apiGateway + kubernetesSide;
        }
    }

    /**
     * The bill of a split: each side's share of the volume priced as {@link #at} prices that side alone (one
     * definition of each figure), the HTTP API at the whole volume because it fronts both sides, and each side's fixed
     * costs (the proxy, the cluster and its minimum of pods) once, since both sides run whatever the share.
     */
    public Split split(double requestsPerMonth, double lambdaShare, LambdaProfile lambda, KubernetesProfile k8s) {
        if (lambdaShare < 0 || lambdaShare > 1) {
            throw new IllegalArgumentException(
                    "the share of requests on Lambda is between 0 and 1, not " + lambdaShare);
        }
        Line onLambda = at(requestsPerMonth * lambdaShare, lambda, k8s);
        Line onKubernetes = at(requestsPerMonth * (1 - lambdaShare), lambda, k8s);
        return new Split(
                requestsPerMonth,
                lambdaShare,
                onLambda.lambda() - onLambda.apiGateway(),
                apiGateway(requestsPerMonth),
                onKubernetes.kubernetes(),
                onKubernetes.replicas());
    }

    public List<Line> table(List<Double> volumes, LambdaProfile lambda, KubernetesProfile k8s) {
        List<Line> lines = new ArrayList<>();
        volumes.forEach(v -> lines.add(at(v, lambda, k8s)));
        return lines;
    }

    /**
     * The smallest monthly volume (to the nearest 100,000 requests) above which Lambda costs more than Kubernetes, or
     * null when it does not cross between 0 and 10 billion requests a month.
     */
    public Double crossover(LambdaProfile lambda, KubernetesProfile k8s) {
        double low = 0;
        double high = 1e10;
        if (cheaperOnLambda(high, lambda, k8s)) {
            return null;
        }
        if (!cheaperOnLambda(low, lambda, k8s)) {
            return 0.0;
        }
        while (high - low > 1e5) {
            double mid = (low + high) / 2;
            if (cheaperOnLambda(mid, lambda, k8s)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return Math.ceil(high / 1e5) * 1e5;
    }

    private boolean cheaperOnLambda(double volume, LambdaProfile lambda, KubernetesProfile k8s) {
        Line line = at(volume, lambda, k8s);
        return line.lambda() <= line.kubernetes();
    }

    /** GB-seconds priced by the monthly tiers; {@code already} GB-s of the month were billed before these. */
    private double gbSecondsCost(double gbs, double already, boolean arm64) {
        double[] tiers = arm64 ? ARM64_TIERS_GBS : X86_TIERS_GBS;
        String arch = arm64 ? "arm64" : "x86";
        double[] prices = {
            pricing.get("lambda." + arch + ".gbSecond.tier1"),
            pricing.get("lambda." + arch + ".gbSecond.tier2"),
            pricing.get("lambda." + arch + ".gbSecond.tier3")
        };
        double cost = 0;
        double start = already;
        double end = already + gbs;
        double tierStart = 0;
        for (int i = 0; i < prices.length; i++) {
            double tierEnd = i < tiers.length ? tierStart + tiers[i] : Double.POSITIVE_INFINITY;
            double overlap = Math.max(0, Math.min(end, tierEnd) - Math.max(start, tierStart));
            cost += overlap * prices[i];
            tierStart = tierEnd;
        }
        return cost;
    }

    private double apiGateway(double requestsPerMonth) {
        double first = Math.min(requestsPerMonth, 300e6);
        double rest = Math.max(0, requestsPerMonth - 300e6);
        return first / 1e6 * pricing.get("apigateway.http.requestsPerMillion.tier1")
                + rest / 1e6 * pricing.get("apigateway.http.requestsPerMillion.tier2");
    }
}
