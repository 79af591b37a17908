package dev.twinstack.lab;

import dev.twinstack.results.Requests;

/**
 * The scenario's SLO assertions (errors in percent of requests, p95 and p99 latency), judged on the requests of every
 * load generator together. With several generators, each Gatling judges only its own part: the run's verdict is this
 * one, on the merged log.
 */
final class Slos {

    private Slos() {}

    static boolean met(Requests requests, double errorPct, long p95Ms, long p99Ms) {
        return requests.errorRatio() * 100 <= errorPct
                && requests.latencyMs().all().p95() < p95Ms
                && requests.latencyMs().all().p99() < p99Ms;
    }
}
