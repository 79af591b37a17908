package dev.twinstack.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run's parameters, as the lab was given them, and what it could not do.
 *
 * @param startedAt when the lab started
 * @param profile the load profile (see load-tests/scenarios)
 * @param scale the factor on every arrival rate
 * @param burstGapSeconds idle seconds between bursts (bursting profiles)
 * @param seedUsers users seeded by migrate mode
 * @param machine what the run ran on
 * @param versions versions of the parts that ran, by part (postgresql, pgbouncer, twinstack)
 * @param maxConnections the database's max_connections
 * @param skipped targets the lab skipped, each with the reason
 * @param caveats what the local stand-ins cannot show, in plain words
 */
public record Run(
        Instant startedAt,
        String profile,
        double scale,
        int burstGapSeconds,
        int seedUsers,
        Machine machine,
        Map<String, String> versions,
        int maxConnections,
        List<String> skipped,
        List<String> caveats) {

    public Run {
        versions = Copies.inOrder(versions);
        skipped = List.copyOf(skipped);
        caveats = List.copyOf(caveats);
    }
}
