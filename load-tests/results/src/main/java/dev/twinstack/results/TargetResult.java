package dev.twinstack.results;

import java.util.List;
import java.util.Optional;

/**
 * What one target's run measured.
 *
 * @param name {@code lambda}, {@code lambda-ondemand}, {@code lambda-direct}, {@code k8s}, or the name of a deployment given as name=url
 * @param description what stands in for what
 * @param slosMet whether the scenario's SLO assertions held
 * @param gatlingReport Gatling's report, relative to the folder of results.json, when Gatling wrote one
 * @param requests what the load generator saw
 * @param peakConnections the target's server connections, peak of the samples, where the lab owns the database
 * @param budget the predicted worst case of connections beside the measured peak, where the lab can predict it
 * @param connections the target's server connections over time (empty where the database is not the lab's)
 * @param extras what only this kind of target can tell
 * @param ledger the client ledger reconciled with the database, where the lab owns the database
 * @param drills the faults injected during its load ({@code lab.drill}), in order; empty in a run without drills
 * @param cpu CPU-seconds of the target's processes and of the database during the load, per successful request, where
 *     the lab runs both
 * @param traces one example trace per route, where the target ran with telemetry exported to the lab
 */
public record TargetResult(
        String name,
        String description,
        boolean slosMet,
        Optional<String> gatlingReport,
        Requests requests,
        Optional<Integer> peakConnections,
        Optional<Budget> budget,
        List<ConnectionSample> connections,
        Extras extras,
        Optional<Ledger> ledger,
        List<Drill> drills,
        Optional<CpuUse> cpu,
        Optional<List<Trace>> traces) {

    /** Without example traces (telemetry not received by the lab). */
    public TargetResult(
            String name,
            String description,
            boolean slosMet,
            Optional<String> gatlingReport,
            Requests requests,
            Optional<Integer> peakConnections,
            Optional<Budget> budget,
            List<ConnectionSample> connections,
            Extras extras,
            Optional<Ledger> ledger,
            List<Drill> drills,
            Optional<CpuUse> cpu) {
        this(
                name,
                description,
                slosMet,
                gatlingReport,
                requests,
                peakConnections,
                budget,
                connections,
                extras,
                ledger,
                drills,
                cpu,
                Optional.empty());
    }

    /** Without a CPU measurement (a deployment the lab does not run). */
    public TargetResult(
            String name,
            String description,
            boolean slosMet,
            Optional<String> gatlingReport,
            Requests requests,
            Optional<Integer> peakConnections,
            Optional<Budget> budget,
            List<ConnectionSample> connections,
            Extras extras,
            Optional<Ledger> ledger,
            List<Drill> drills) {
        this(
                name,
                description,
                slosMet,
                gatlingReport,
                requests,
                peakConnections,
                budget,
                connections,
                extras,
                ledger,
                drills,
                Optional.empty());
    }

    public TargetResult {
        connections = List.copyOf(connections);
        drills = List.copyOf(drills);
        traces = traces.map(List::copyOf);
    }

    /** This result with the example traces the lab assembled for it. */
    public TargetResult withTraces(List<Trace> examples) {
        return new TargetResult(
                name,
                description,
                slosMet,
                gatlingReport,
                requests,
                peakConnections,
                budget,
                connections,
                extras,
                ledger,
                drills,
                cpu,
                Optional.of(examples));
    }
}
