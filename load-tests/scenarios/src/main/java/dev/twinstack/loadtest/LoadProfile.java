package dev.twinstack.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.stressPeakUsers;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The named load profiles, all open-model (users arrive at a rate, whatever the system's speed, as real traffic
 * does). Rates are flows per second (one flow = 3 requests) at {@code scale} 1, sized so the default fits a 2-core
 * laptop running the targets and the load generator together; multiply with {@code scale} for real deployments.
 */
public enum LoadProfile {
    /** A few seconds to check the flow end to end. */
    SMOKE,
    /** A constant rate after a short ramp. */
    STEADY,
    /**
     * Bursts separated by idle gaps longer than the time an idle Lambda environment survives, so each burst meets
     * reaped environments: cold starts and scale-out.
     */
    BURST,
    /** A sudden peak on top of a low base rate. */
    SPIKE,
    /** Warm-up, ramp, sustained, spike, cool-down. */
    CLASSIC;

    public static LoadProfile named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown load profile '" + name + "'; known: smoke, steady, burst, spike, classic", e);
        }
    }

    /** The injection steps at the given scale; {@code burstGapSeconds} is the idle time between bursts. */
    public List<OpenInjectionStep> steps(double scale, int burstGapSeconds) {
        return steps(scale, burstGapSeconds, 0);
    }

    /**
     * The injection steps, with the constant phase of {@code smoke} or {@code steady} held for {@code holdSeconds}
     * instead of its own length when positive (a run with drills needs time for its faults; the rate stays the
     * profile's).
     */
    public List<OpenInjectionStep> steps(double scale, int burstGapSeconds, int holdSeconds) {
        if (holdSeconds > 0 && !holds()) {
            throw new IllegalArgumentException("the " + name().toLowerCase(Locale.ROOT)
                    + " profile has no constant phase to hold; smoke and steady do");
        }
        List<OpenInjectionStep> steps = new ArrayList<>();
        switch (this) {
            case SMOKE -> steps.add(constantUsersPerSec(2 * scale).during(holdSeconds > 0 ? holdSeconds : 10));
            case STEADY -> {
                steps.add(rampUsersPerSec(scale).to(8 * scale).during(10));
                steps.add(constantUsersPerSec(8 * scale).during(holdSeconds > 0 ? holdSeconds : 50));
            }
            case BURST -> {
                for (int burst = 0; burst < 3; burst++) {
                    if (burst > 0) {
                        steps.add(nothingFor(burstGapSeconds));
                    }
                    steps.add(constantUsersPerSec(15 * scale).during(5));
                }
            }
            case SPIKE -> {
                steps.add(constantUsersPerSec(3 * scale).during(15));
                steps.add(stressPeakUsers((int) Math.ceil(60 * scale)).during(5));
                steps.add(constantUsersPerSec(3 * scale).during(15));
            }
            case CLASSIC -> {
                steps.add(rampUsersPerSec(scale).to(4 * scale).during(20));
                steps.add(rampUsersPerSec(4 * scale).to(12 * scale).during(30));
                steps.add(constantUsersPerSec(12 * scale).during(60));
                steps.add(stressPeakUsers((int) Math.ceil(60 * scale)).during(5));
                steps.add(rampUsersPerSec(12 * scale).to(scale).during(20));
            }
        }
        return steps;
    }

    /** Whether the profile ends in a constant phase that can be held longer: smoke and steady. */
    public boolean holds() {
        return this == SMOKE || this == STEADY;
    }

    /** Seconds before the constant phase that can be held starts (steady's ramp). */
    public int rampSeconds() {
        return this == STEADY ? 10 : 0;
    }

    /** How long the injection lasts with the constant phase held for {@code holdSeconds} (when positive). */
    public int seconds(int burstGapSeconds, int holdSeconds) {
        return holdSeconds > 0 && holds() ? rampSeconds() + holdSeconds : seconds(burstGapSeconds);
    }

    /** How long the injection lasts, for progress output and planning. */
    public int seconds(int burstGapSeconds) {
        return switch (this) {
            case SMOKE -> 10;
            case STEADY -> 60;
            case BURST -> 15 + 2 * burstGapSeconds;
            case SPIKE -> 35;
            case CLASSIC -> 135;
        };
    }
}
