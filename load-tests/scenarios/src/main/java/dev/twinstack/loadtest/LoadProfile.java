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

    /** One step of a profile: its shape, its rates (flows/s) at its start and end, its length and its arrivals. */
    public record Step(Shape shape, double fromRate, double toRate, int seconds, long users) {

        public enum Shape {
            CONSTANT,
            RAMP,
            /** Arrivals spread as a peak within the step (Gatling's stress peak). */
            PEAK,
            NOTHING
        }

        static Step constant(double rate, int seconds) {
            return new Step(Shape.CONSTANT, rate, rate, seconds, Math.round(rate * seconds));
        }

        /** Arrivals counted as Gatling counts a ramp's: the mean rate times the seconds, truncated. */
        static Step ramp(double from, double to, int seconds) {
            return new Step(Shape.RAMP, from, to, seconds, (long) ((from + (to - from) / 2) * seconds));
        }

        static Step peak(long users, int seconds) {
            return new Step(Shape.PEAK, 0, 0, seconds, users);
        }

        static Step nothing(int seconds) {
            return new Step(Shape.NOTHING, 0, 0, seconds, 0);
        }

        /**
         * This step's part of {@code users} of its arrivals: rates in the same proportion, so the parts of every step
         * add up to the step. No arrivals is an idle step of the same length, so every part keeps the same timeline.
         */
        Step part(long part) {
            if (part == users) {
                return this;
            }
            if (part == 0 || shape == Shape.NOTHING) {
                return nothing(seconds);
            }
            double share = (double) part / users;
            if (shape == Shape.RAMP) {
                // Gatling counts a ramp's arrivals by truncating its mean rate times its seconds (a constant rate's by
                // rounding): a hair above the exact share keeps a rounding error of the division from losing one.
                share *= 1 + 1e-12;
            }
            return new Step(shape, fromRate * share, toRate * share, seconds, part);
        }

        OpenInjectionStep gatling() {
            return switch (shape) {
                case CONSTANT -> constantUsersPerSec(fromRate).during(seconds);
                case RAMP -> rampUsersPerSec(fromRate).to(toRate).during(seconds);
                case PEAK -> stressPeakUsers(Math.toIntExact(users)).during(seconds);
                case NOTHING -> nothingFor(seconds);
            };
        }
    }

    /** The injection steps at the given scale; {@code burstGapSeconds} is the idle time between bursts. */
    public List<OpenInjectionStep> steps(double scale, int burstGapSeconds) {
        return plan(scale, burstGapSeconds, 0).stream().map(Step::gatling).toList();
    }

    /**
     * The injection steps, with the constant phase of {@code smoke} or {@code steady} held for {@code holdSeconds}
     * instead of its own length when positive (a run with drills needs time for its faults; the rate stays the
     * profile's).
     */
    public List<OpenInjectionStep> steps(double scale, int burstGapSeconds, int holdSeconds) {
        return plan(scale, burstGapSeconds, holdSeconds).stream()
                .map(Step::gatling)
                .toList();
    }

    /** The injection steps of one load generator's slice of this profile (see {@link LoadSlice}). */
    public List<OpenInjectionStep> steps(double scale, int burstGapSeconds, int holdSeconds, LoadSlice slice) {
        return slice.of(plan(scale, burstGapSeconds, holdSeconds)).stream()
                .map(Step::gatling)
                .toList();
    }

    /** The profile's steps at the given scale, before they become Gatling's. */
    public List<Step> plan(double scale, int burstGapSeconds) {
        return plan(scale, burstGapSeconds, 0);
    }

    /** The profile's steps, the constant phase held for {@code holdSeconds} when positive (see {@link #steps}). */
    public List<Step> plan(double scale, int burstGapSeconds, int holdSeconds) {
        if (holdSeconds > 0 && !holds()) {
            throw new IllegalArgumentException("the " + name().toLowerCase(Locale.ROOT)
                    + " profile has no constant phase to hold; smoke and steady do");
        }
        List<Step> steps = new ArrayList<>();
        switch (this) {
            case SMOKE -> steps.add(Step.constant(2 * scale, holdSeconds > 0 ? holdSeconds : 10));
            case STEADY -> {
                steps.add(Step.ramp(scale, 8 * scale, 10));
                steps.add(Step.constant(8 * scale, holdSeconds > 0 ? holdSeconds : 50));
            }
            case BURST -> {
                for (int burst = 0; burst < 3; burst++) {
                    if (burst > 0) {
                        steps.add(Step.nothing(burstGapSeconds));
                    }
                    steps.add(Step.constant(15 * scale, 5));
                }
            }
            case SPIKE -> {
                steps.add(Step.constant(3 * scale, 15));
                steps.add(Step.peak((int) Math.ceil(60 * scale), 5));
                steps.add(Step.constant(3 * scale, 15));
            }
            case CLASSIC -> {
                steps.add(Step.ramp(scale, 4 * scale, 20));
                steps.add(Step.ramp(4 * scale, 12 * scale, 30));
                steps.add(Step.constant(12 * scale, 60));
                steps.add(Step.peak((int) Math.ceil(60 * scale), 5));
                steps.add(Step.ramp(12 * scale, scale, 20));
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
