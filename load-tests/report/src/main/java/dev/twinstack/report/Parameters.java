package dev.twinstack.report;

import dev.twinstack.results.Results;
import dev.twinstack.results.Run;
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

    static Map<String, String> of(Results results) {
        Map<String, String> p = new LinkedHashMap<>();
        Run run = results.run();
        p.put("started at", run.startedAt().toString());
        p.put("load profile", run.profile());
        p.put("scale (multiplies every arrival rate)", run.scale() + " ×");
        p.put("idle gap between bursts", run.burstGapSeconds() + " s");
        p.put("seeded users", Format.count(run.seedUsers(), "users"));
        p.put("database max_connections", Format.count(run.maxConnections(), "connections"));
        p.put(
                "machine",
                "%d cores, %s, Java %s"
                        .formatted(
                                run.machine().cores(),
                                run.machine().os(),
                                run.machine().java()));
        run.versions().forEach((k, v) -> p.put(k + " version", v));
        results.targets().forEach(t -> p.put("target " + t.name(), t.description()));
        p.put("targets skipped", run.skipped().isEmpty() ? "none" : String.join("; ", run.skipped()));
        return p;
    }

    static List<String> caveats(Results results) {
        List<String> caveats = new ArrayList<>(results.run().caveats());
        caveats.addAll(READING_NOTES);
        return caveats;
    }
}
