package dev.twinstack.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One {@code SHOW POOLS} of PgBouncer for the target's database, in PgBouncer's own column names.
 *
 * @param t seconds since the target's load run started
 * @param clientsActive {@code cl_active}: clients linked to a server connection or idle
 * @param clientsWaiting {@code cl_waiting}: clients waiting for a server connection
 * @param serversActive {@code sv_active}: server connections linked to a client
 * @param serversIdle {@code sv_idle}: server connections idle and ready
 * @param serversUsed {@code sv_used}: server connections idle longer than the check delay
 */
public record PoolSample(
        double t,
        @JsonProperty("cl_active") int clientsActive,
        @JsonProperty("cl_waiting") int clientsWaiting,
        @JsonProperty("sv_active") int serversActive,
        @JsonProperty("sv_idle") int serversIdle,
        @JsonProperty("sv_used") int serversUsed) {

    /** The server connections PgBouncer holds: active, idle and used. */
    public int servers() {
        return serversActive + serversIdle + serversUsed;
    }
}
