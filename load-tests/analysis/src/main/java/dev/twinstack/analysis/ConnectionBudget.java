package dev.twinstack.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The worst case of database connections each target can open, computed from its deploy files, against the
 * database's {@code max_connections}. A bound over the limit is flagged with its arithmetic shown.
 */
public final class ConnectionBudget {

    /** Each server pod also holds the readiness check's own connection, outside the pool (app's DatabaseReadiness). */
    public static final int READINESS_CONNECTIONS_PER_POD = 1;

    /** What the SAM template and the function's pool settings allow. */
    public record LambdaInputs(int reservedConcurrency, int poolPerEnvironment, int proxyMaxConnectionsPercent) {

        /** Every environment at once, each holding its whole pool: reserved concurrency × pool. */
        public long directConnections() {
            return (long) reservedConcurrency * poolPerEnvironment;
        }
    }

    /** What the rendered manifests and the server's pool settings allow. */
    public record KubernetesInputs(
            int maxReplicas,
            int maxSurge,
            int poolMax,
            int connectionsPerPodBesidesPool,
            int jobConnections,
            Integer share) {

        /** A fixed number of replicas and no rollout or migration Job under way, against no stated share. */
        public static KubernetesInputs replicas(int replicas, int poolMax) {
            return new KubernetesInputs(replicas, 0, poolMax, READINESS_CONNECTIONS_PER_POD, 0, null);
        }

        /** (maxReplicas + maxSurge) × (pool + the connections besides it) + the Jobs'. */
        public long connections() {
            return ((long) maxReplicas + maxSurge) * (poolMax + connectionsPerPodBesidesPool) + jobConnections;
        }
    }

    /** One target's worst case: how many connections, and why. */
    public record Bound(String target, long connections, long limit, String arithmetic) {

        public boolean exceeds() {
            return connections > limit;
        }
    }

    public record Result(int maxConnections, List<Bound> bounds) {

        public boolean ok() {
            return bounds.stream().noneMatch(Bound::exceeds);
        }

        public Bound bound(String target) {
            return bounds.stream()
                    .filter(b -> b.target().equals(target))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no bound for " + target));
        }
    }

    /** Target names as the lab and the report use them: {@code lambda} is the function as deployed, through the proxy. */
    public static final String LAMBDA = "lambda";

    /** The function straight to the database, without the proxy. */
    public static final String LAMBDA_DIRECT = "lambda-direct";

    public static final String LAMBDA_PINNED = "lambda (all pinned)";
    public static final String K8S = "k8s";

    /**
     * Both sides at once on one database (the hybrid topology): the proxy's share, the cluster's bound and its
     * migration Job, against max_connections.
     */
    public static final String HYBRID = "hybrid (one database)";

    private ConnectionBudget() {}

    /** Each target on a database of its own: the bounds side by side, none added to another. */
    public static Result compute(LambdaInputs lambda, KubernetesInputs k8s, int maxConnections) {
        return compute(lambda, k8s, maxConnections, false);
    }

    /**
     * The bounds of each target and, when both sides share one database ({@code oneDatabase}), their sum: what the
     * proxy may open (MaxConnectionsPercent of max_connections, whatever the function's demand: the proxy opens
     * connections as clients need them, up to that share, and counts its own monitoring connections within it) plus
     * the cluster's (HPA maxReplicas + maxSurge) × (pool + readiness) plus its migration Job. Each side can fit on its
     * own and the sum still exceed the database: that is the bound this adds.
     */
    public static Result compute(LambdaInputs lambda, KubernetesInputs k8s, int maxConnections, boolean oneDatabase) {
        List<Bound> bounds = new ArrayList<>();
        if (lambda != null) {
            long direct = lambda.directConnections();
            bounds.add(new Bound(
                    LAMBDA_DIRECT,
                    direct,
                    maxConnections,
                    "reserved concurrency %d × pool %d per environment = %d"
                            .formatted(lambda.reservedConcurrency(), lambda.poolPerEnvironment(), direct)));
            long proxyCap = proxyShare(lambda, maxConnections);
            long multiplexed = Math.min(proxyCap, direct);
            bounds.add(new Bound(
                    LAMBDA,
                    multiplexed,
                    maxConnections,
                    "min(MaxConnectionsPercent %d%% × max_connections %d = %d, environments' demand %d) = %d"
                            .formatted(
                                    lambda.proxyMaxConnectionsPercent(),
                                    maxConnections,
                                    proxyCap,
                                    direct,
                                    multiplexed)));
            bounds.add(new Bound(
                    LAMBDA_PINNED,
                    direct,
                    proxyCap,
                    ("every environment pinned holds its own server connection: %d × %d = %d against the proxy's %d;"
                                    + " beyond it, clients wait for a connection and time out")
                            .formatted(lambda.reservedConcurrency(), lambda.poolPerEnvironment(), direct, proxyCap)));
        }
        if (k8s != null) {
            long total = k8s.connections();
            long limit = k8s.share() == null ? maxConnections : Math.min(maxConnections, k8s.share());
            bounds.add(new Bound(
                    K8S,
                    total,
                    limit,
                    "(HPA maxReplicas %d + maxSurge %d) × (pool %d + %d readiness) + migration Job %d = %d%s"
                            .formatted(
                                    k8s.maxReplicas(),
                                    k8s.maxSurge(),
                                    k8s.poolMax(),
                                    k8s.connectionsPerPodBesidesPool(),
                                    k8s.jobConnections(),
                                    total,
                                    k8s.share() == null ? "" : ", share " + k8s.share())));
        }
        if (oneDatabase) {
            if (lambda == null || k8s == null) {
                throw new IllegalArgumentException("one database for both sides needs both sides' inputs");
            }
            long proxyShare = proxyShare(lambda, maxConnections);
            long cluster = k8s.connections();
            long total = proxyShare + cluster;
            bounds.add(new Bound(
                    HYBRID,
                    total,
                    maxConnections,
                    ("RDS Proxy's share %d%% × max_connections %d = %d (the function's %d environments × pool %d and"
                                    + " the migration function through it, multiplexed) + Kubernetes (HPA maxReplicas"
                                    + " %d + maxSurge %d) × (pool %d + %d readiness) + migration Job %d = %d; %d + %d"
                                    + " = %d")
                            .formatted(
                                    lambda.proxyMaxConnectionsPercent(),
                                    maxConnections,
                                    proxyShare,
                                    lambda.reservedConcurrency(),
                                    lambda.poolPerEnvironment(),
                                    k8s.maxReplicas(),
                                    k8s.maxSurge(),
                                    k8s.poolMax(),
                                    k8s.connectionsPerPodBesidesPool(),
                                    k8s.jobConnections(),
                                    cluster,
                                    proxyShare,
                                    cluster,
                                    total)));
        }
        return new Result(maxConnections, bounds);
    }

    /** The most connections the proxy may open: MaxConnectionsPercent of max_connections, rounded down. */
    static long proxyShare(LambdaInputs lambda, int maxConnections) {
        return (long) Math.floor(maxConnections * lambda.proxyMaxConnectionsPercent() / 100.0);
    }
}
