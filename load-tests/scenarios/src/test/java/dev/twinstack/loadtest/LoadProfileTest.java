package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatling.core.controller.inject.open.ConstantRateOpenInjection;
import io.gatling.core.controller.inject.open.NothingForOpenInjection;
import io.gatling.core.controller.inject.open.RampRateOpenInjection;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The profiles inject what the scenarios README documents: each step's rates (flows/s), duration and users, read back
 * from Gatling's own injection model.
 */
class LoadProfileTest {

    private static final int GAP = 45;
    private static final double SCALE = 5;

    /** One injection step as a reader of the README's table sees it. */
    private record Step(String shape, double fromRate, double toRate, long seconds, long users) {

        static Step constant(double rate, long seconds) {
            return new Step("constant", rate, rate, seconds, Math.round(rate * seconds));
        }

        static Step ramp(double from, double to, long seconds) {
            return new Step("ramp", from, to, seconds, Math.round((from + to) / 2 * seconds));
        }

        static Step nothing(long seconds) {
            return new Step("nothing", 0, 0, seconds, 0);
        }

        static Step peak(long users, long seconds) {
            return new Step("peak", 0, 0, seconds, users);
        }

        static Step of(OpenInjectionStep step) {
            var scala = step.asScala();
            long seconds = scala.duration().toSeconds();
            if (scala instanceof ConstantRateOpenInjection c) {
                return new Step("constant", c.rate(), c.rate(), seconds, c.users());
            }
            if (scala instanceof RampRateOpenInjection r) {
                return new Step("ramp", r.startRate(), r.endRate(), seconds, r.users());
            }
            if (scala instanceof NothingForOpenInjection) {
                return nothing(seconds);
            }
            return peak(scala.users(), seconds);
        }
    }

    @Test
    void smokeIsTwoFlowsASecondForTenSeconds() {
        assertEquals(List.of(Step.constant(2, 10)), steps(LoadProfile.SMOKE, 1));
    }

    @Test
    void steadyRampsFromOneToEightOverTenSecondsThenHoldsEightForTheRestOfSixty() {
        assertEquals(List.of(Step.ramp(1, 8, 10), Step.constant(8, 50)), steps(LoadProfile.STEADY, 1));
    }

    @Test
    void burstIsThreeBurstsOfFifteenFlowsASecondForFiveSecondsSeparatedByTheGap() {
        assertEquals(
                List.of(
                        Step.constant(15, 5),
                        Step.nothing(GAP),
                        Step.constant(15, 5),
                        Step.nothing(GAP),
                        Step.constant(15, 5)),
                steps(LoadProfile.BURST, 1));
    }

    @Test
    void spikeIsAPeakOfSixtyFlowsWithinFiveSecondsBetweenThreeFlowsASecond() {
        assertEquals(
                List.of(Step.constant(3, 15), Step.peak(60, 5), Step.constant(3, 15)), steps(LoadProfile.SPIKE, 1));
    }

    @Test
    void classicWarmsUpRampsHoldsTwelveForSixtySecondsPeaksAndCoolsDown() {
        assertEquals(
                List.of(
                        Step.ramp(1, 4, 20),
                        Step.ramp(4, 12, 30),
                        Step.constant(12, 60),
                        Step.peak(60, 5),
                        Step.ramp(12, 1, 20)),
                steps(LoadProfile.CLASSIC, 1));
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void scaleMultipliesEveryRateAndPeakAndKeepsEveryDuration(LoadProfile profile) {
        List<Step> base = steps(profile, 1);
        List<Step> scaled = steps(profile, SCALE);

        assertEquals(base.size(), scaled.size());
        for (int i = 0; i < base.size(); i++) {
            Step one = base.get(i);
            Step five = scaled.get(i);
            assertEquals(one.shape(), five.shape(), five::toString);
            assertEquals(one.seconds(), five.seconds(), five::toString);
            assertEquals(one.fromRate() * SCALE, five.fromRate(), 1e-9, five::toString);
            assertEquals(one.toRate() * SCALE, five.toRate(), 1e-9, five::toString);
            assertEquals(one.users() * SCALE, five.users(), 1, five::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void announcesAsManySecondsAsItInjects(LoadProfile profile) {
        long injected = steps(profile, 1).stream().mapToLong(Step::seconds).sum();

        assertEquals(profile.seconds(GAP), injected);
    }

    @Test
    void holdsSteadysConstantPhaseAtItsRateForAsLongAsAsked() {
        List<Step> held =
                LoadProfile.STEADY.steps(1, GAP, 110).stream().map(Step::of).toList();

        assertEquals(steps(LoadProfile.STEADY, 1).get(0), held.get(0));
        assertEquals(Step.constant(8, 110), held.get(1));
        assertEquals(120, LoadProfile.STEADY.seconds(GAP, 110));
        assertEquals(40, LoadProfile.SMOKE.seconds(GAP, 40));
    }

    @Test
    void refusesToHoldAProfileWithoutAConstantPhaseToEnd() {
        assertThrows(IllegalArgumentException.class, () -> LoadProfile.BURST.steps(1, GAP, 60));
    }

    @Test
    void findsProfilesByNameRegardlessOfCase() {
        assertEquals(LoadProfile.BURST, LoadProfile.named(" Burst "));
    }

    @Test
    void rejectsUnknownProfileListingTheKnownOnes() {
        var error = assertThrows(IllegalArgumentException.class, () -> LoadProfile.named("soak"));

        assertTrue(error.getMessage().contains("smoke, steady, burst, spike, classic"), error.getMessage());
    }

    private static List<Step> steps(LoadProfile profile, double scale) {
        return profile.steps(scale, GAP).stream().map(Step::of).toList();
    }
}
