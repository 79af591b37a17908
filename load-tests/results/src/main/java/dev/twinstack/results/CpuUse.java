package dev.twinstack.results;

/**
 * CPU time the target and the database used during the target's load, from {@code /proc} (each process tree's user
 * and system time, as the benchmark measures it), per successful request: what the cost projection sizes Kubernetes
 * from.
 *
 * @param targetSeconds CPU-seconds of the target's own processes (replicas, or Lambda environments) during the load,
 *     their starts included when they started during it
 * @param databaseSeconds CPU-seconds of PostgreSQL (every backend) during the load
 * @param successfulRequests the requests answered successfully in the same time
 * @param targetSecondsPerRequest {@code targetSeconds ÷ successfulRequests} (0 without one)
 * @param databaseSecondsPerRequest {@code databaseSeconds ÷ successfulRequests} (0 without one)
 * @param processes the target's processes that used CPU during the load
 */
public record CpuUse(
        double targetSeconds,
        double databaseSeconds,
        long successfulRequests,
        double targetSecondsPerRequest,
        double databaseSecondsPerRequest,
        int processes) {

    /** From the measured totals. */
    public static CpuUse of(double targetSeconds, double databaseSeconds, long successfulRequests, int processes) {
        return new CpuUse(
                targetSeconds,
                databaseSeconds,
                successfulRequests,
                successfulRequests == 0 ? 0 : targetSeconds / successfulRequests,
                successfulRequests == 0 ? 0 : databaseSeconds / successfulRequests,
                processes);
    }
}
