package dev.twinstack.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The report's read model of the lab's results.json (schema 1, see load-tests/lab/README.md). It is tolerant: unknown
 * fields are ignored and every optional part (Lambda extras, PgBouncer samples, budget, cost, per-second percentiles)
 * may be absent, in which case the page says it was not measured rather than showing a number.
 */
record ResultsFile(int schema, Run run, List<TargetResult> targets, Cost cost) {

    ResultsFile {
        targets = orEmpty(targets);
    }

    static ResultsFile read(Path file) throws IOException {
        return new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(file.toFile(), ResultsFile.class);
    }

    record Run(
            String startedAt,
            String profile,
            Double scale,
            Integer burstGapSeconds,
            Integer seedUsers,
            Map<String, Object> machine,
            Map<String, String> versions,
            Integer maxConnections,
            List<String> caveats) {

        Run {
            machine = machine == null ? Map.of() : machine;
            versions = versions == null ? Map.of() : versions;
            caveats = orEmpty(caveats);
        }
    }

    record TargetResult(
            String name,
            String description,
            Boolean slosMet,
            String gatlingReport,
            Requests requests,
            Integer peakConnections,
            List<ConnectionSample> connections,
            Extras extras,
            Budget budget) {

        TargetResult {
            connections = orEmpty(connections);
            extras = extras == null ? new Extras(null, null, null, null, null, null) : extras;
        }
    }

    record Requests(
            long requests,
            long errors,
            double errorRatio,
            Map<String, Long> errorsByCause,
            Map<String, Percentiles> latencyMs,
            List<Long> coldLatenciesMs,
            List<Second> timeline,
            double meanThroughputRps) {

        Requests {
            errorsByCause = errorsByCause == null ? Map.of() : errorsByCause;
            latencyMs = latencyMs == null ? Map.of() : latencyMs;
            coldLatenciesMs = orEmpty(coldLatenciesMs);
            timeline = orEmpty(timeline);
        }
    }

    /** Latency percentiles in ms, as the lab computed them. */
    record Percentiles(long count, double p50, double p95, double p99, double max) {}

    /**
     * One second of load. {@code errorsByCause} and the percentiles (ms, of the requests in that second) are optional:
     * the page charts latency over time and errors by cause over time only when the lab writes them.
     */
    record Second(
            long t, int requests, int errors, Map<String, Integer> errorsByCause, Double p50, Double p95, Double p99) {

        boolean hasPercentiles() {
            return p50 != null || p95 != null || p99 != null;
        }
    }

    /** The target's server connections seen by the database, seconds since the target's load run started. */
    record ConnectionSample(double t, int total, int active, int idle, int idleInTransaction) {}

    record Extras(
            List<Invocation> invocations,
            Long throttles,
            Integer environmentsPeak,
            List<PoolSample> pgbouncer,
            Integer poolSize,
            List<Replica> replicas) {

        Extras {
            invocations = orEmpty(invocations);
            pgbouncer = orEmpty(pgbouncer);
            replicas = orEmpty(replicas);
        }
    }

    /** One record of the local Lambda service, as its REPORT line carries it. */
    record Invocation(
            String environmentId,
            boolean cold,
            Double initMs,
            Double durationMs,
            Double latencyMs,
            Integer status,
            String outcome,
            String cause) {}

    /** PgBouncer's {@code SHOW POOLS} for the target's pool. */
    record PoolSample(
            double t,
            @JsonProperty("cl_active") int clientsActive,
            @JsonProperty("cl_waiting") int clientsWaiting,
            @JsonProperty("sv_active") int serversActive,
            @JsonProperty("sv_idle") int serversIdle,
            @JsonProperty("sv_used") int serversUsed) {}

    record Replica(int replica, Integer port, Long readyMs) {}

    /**
     * The connection budget's worst case for the target, the connections it must stay within (the database's
     * max_connections or the target's share of it), the arithmetic, and whether the measured peak stayed within it.
     */
    record Budget(Integer predicted, Long limit, String formula, Boolean measuredWithin) {}

    /** The cost projection: monthly USD per target at each volume (requests per month). */
    record Cost(
            List<String> assumptions,
            String pricingDate,
            List<Long> volumes,
            Map<String, List<Double>> monthlyUsd,
            Long crossoverRequestsPerMonth) {

        Cost {
            assumptions = orEmpty(assumptions);
            volumes = orEmpty(volumes);
            monthlyUsd = monthlyUsd == null ? Map.of() : monthlyUsd;
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
