package dev.twinstack.report;

import dev.twinstack.report.ResultsFile.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's parameters and caveats in plain words, for the page and report.md alike. */
final class Parameters {

    /** What the page itself assumes, said beside the lab's own caveats. */
    static final List<String> READING_NOTES = List.of(
            "Time axes start when the load generator was started; its first requests arrive once its JVM is up, so the "
                    + "first seconds of each chart are quiet.",
            "Latency is what the load generator measured, in milliseconds. The lab's percentiles are kept to 3 "
                    + "significant digits (HdrHistogram); Init Duration percentiles are nearest-rank over the "
                    + "invocation records.",
            "A request is cold when the target marked it as the first its instance (Lambda environment or replica) "
                    + "served.");

    private Parameters() {}

    static Map<String, String> of(ResultsFile results) {
        Map<String, String> p = new LinkedHashMap<>();
        Run run = results.run();
        if (run == null) {
            p.put("run", Format.NOT_MEASURED);
            return p;
        }
        p.put("started at", orNotMeasured(run.startedAt()));
        p.put("load profile", orNotMeasured(run.profile()));
        p.put("scale (multiplies every arrival rate)", run.scale() == null ? Format.NOT_MEASURED : run.scale() + " ×");
        p.put(
                "idle gap between bursts",
                run.burstGapSeconds() == null ? Format.NOT_MEASURED : run.burstGapSeconds() + " s");
        p.put("seeded users", run.seedUsers() == null ? Format.NOT_MEASURED : Format.count(run.seedUsers(), "users"));
        p.put(
                "database max_connections",
                run.maxConnections() == null ? Format.NOT_MEASURED : Format.count(run.maxConnections(), "connections"));
        Object cores = run.machine().get("cores");
        p.put(
                "machine",
                "%s, %s, Java %s"
                        .formatted(
                                cores == null ? "unknown cores" : cores + " cores",
                                run.machine().getOrDefault("os", "unknown OS"),
                                run.machine().getOrDefault("java", "unknown")));
        run.versions().forEach((k, v) -> p.put(k + " version", v));
        results.targets().forEach(t -> p.put("target " + t.name(), orNotMeasured(t.description())));
        return p;
    }

    static List<String> caveats(ResultsFile results) {
        List<String> caveats = new ArrayList<>();
        if (results.run() != null) {
            caveats.addAll(results.run().caveats());
        }
        caveats.addAll(READING_NOTES);
        return caveats;
    }

    private static String orNotMeasured(String value) {
        return value == null ? Format.NOT_MEASURED : value;
    }
}
