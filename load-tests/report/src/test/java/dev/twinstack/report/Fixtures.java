package dev.twinstack.report;

import dev.twinstack.results.Budget;
import dev.twinstack.results.Extras;
import dev.twinstack.results.Results;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** The test fixtures: a hand-checked three-target run, and a real k8s-only run from the lab. */
final class Fixtures {

    /** lambda-direct (SnapStart), lambda-ondemand and k8s, each 40 requests of the smoke profile, with budget and cost. */
    static final String THREE_TARGETS = "/three-targets-results.json";

    /** A real run of the lab against k8s only, before budget, cost and per-second percentiles existed. */
    static final String K8S_ONLY = "/k8s-only-results.json";

    /**
     * {@link #THREE_TARGETS} with one example trace on lambda-ondemand and one on k8s, each assembled by the lab's OTLP
     * receiver from a real request (lambda-local's FunctionTraceTest, the lab's ServerTraceTest).
     */
    static final String TRACED = "/traced-results.json";

    private Fixtures() {}

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Results read(String name) throws IOException {
        return ResultsJson.read(path(name));
    }

    /** The same target with another measured peak, budget and extras. */
    static TargetResult with(TargetResult t, Optional<Integer> peak, Optional<Budget> budget, Extras extras) {
        return new TargetResult(
                t.name(),
                t.description(),
                t.slosMet(),
                t.gatlingReport(),
                t.requests(),
                peak,
                budget,
                t.connections(),
                extras,
                t.ledger(),
                t.drills());
    }

    /** A fresh folder under the module's build directory, so rendered pages can be looked at after the build. */
    static Path outputDir(String name) {
        String buildDir = System.getProperty("twinstack-build-dir", "target");
        return Path.of(buildDir, "report-tests", name);
    }
}
