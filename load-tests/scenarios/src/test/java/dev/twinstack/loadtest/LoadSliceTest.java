package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.loadtest.LoadProfile.Step;
import io.gatling.core.controller.inject.open.ConstantRateOpenInjection;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several load generators together inject what one would: every step's arrivals and rates, split between them, add up
 * to the profile's, and no generator's share drifts more than one flow from another's.
 */
class LoadSliceTest {

    private static final int GAP = 45;
    private static final int GENERATORS = 3;
    private static final List<Double> SCALES = List.of(1.0, 2.5, 7.0);

    @Test
    void eightFlowsASecondOverThreeGeneratorsAddUpToEightAndFourHundredFlows() {
        Step steady = LoadProfile.STEADY.plan(1, GAP).get(1);

        List<Step> parts =
                parts(LoadProfile.STEADY, 1).stream().map(p -> p.get(1)).toList();

        assertEquals(8, steady.fromRate());
        assertEquals(400, steady.users());
        assertEquals(List.of(134L, 133L, 133L), parts.stream().map(Step::users).toList());
        assertEquals(8, parts.stream().mapToDouble(Step::fromRate).sum(), 1e-12);
        assertTrue(parts.stream().allMatch(p -> p.seconds() == 50), parts::toString);
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void everyStepsPartsAddUpToTheStepsArrivalsExactlyAndToItsRates(LoadProfile profile) {
        for (double scale : SCALES) {
            List<Step> whole = profile.plan(scale, GAP);
            List<List<Step>> parts = parts(profile, scale);

            for (int s = 0; s < whole.size(); s++) {
                int step = s;
                Step w = whole.get(step);
                String where = profile + " at scale " + scale + ", step " + step;
                assertAll(
                        where,
                        () -> assertEquals(
                                w.users(),
                                parts.stream()
                                        .mapToLong(p -> p.get(step).users())
                                        .sum()),
                        () -> assertEquals(
                                w.fromRate(),
                                parts.stream()
                                        .mapToDouble(p -> p.get(step).fromRate())
                                        .sum(),
                                1e-9),
                        () -> assertEquals(
                                w.toRate(),
                                parts.stream()
                                        .mapToDouble(p -> p.get(step).toRate())
                                        .sum(),
                                1e-9),
                        () -> parts.forEach(
                                p -> assertEquals(w.seconds(), p.get(step).seconds())));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void noGeneratorGetsMoreThanOneFlowMoreThanAnotherOverTheRun(LoadProfile profile) {
        List<Long> totals = parts(profile, 2.5).stream()
                .map(p -> p.stream().mapToLong(Step::users).sum())
                .toList();

        long spread = totals.stream().mapToLong(Long::longValue).max().orElseThrow()
                - totals.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread <= 1, totals::toString);
    }

    @Test
    void gatlingInjectsEachPartsArrivals() {
        List<Long> injected = new ArrayList<>();
        for (int index = 0; index < GENERATORS; index++) {
            OpenInjectionStep step = LoadProfile.STEADY
                    .steps(1, GAP, 0, new LoadSlice(index, GENERATORS))
                    .get(1);
            injected.add(((ConstantRateOpenInjection) step.asScala()).users());
        }

        assertEquals(List.of(134L, 133L, 133L), injected);
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void gatlingInjectsThePlannedArrivalsOfEveryPartOfEveryStep(LoadProfile profile) {
        for (double scale : SCALES) {
            for (int index = 0; index < GENERATORS; index++) {
                LoadSlice slice = new LoadSlice(index, GENERATORS);
                List<Long> planned = slice.of(profile.plan(scale, GAP)).stream()
                        .map(Step::users)
                        .toList();

                List<Long> injected = profile.steps(scale, GAP, 0, slice).stream()
                        .map(step -> step.asScala().users())
                        .toList();

                assertEquals(planned, injected, profile + " at scale " + scale + ", generator " + index);
            }
        }
    }

    @Test
    void aGeneratorWithoutArrivalsInAStepIdlesForItsLength() {
        List<Step> steps = List.of(Step.peak(2, 5), Step.constant(1, 10));

        List<Step> third = new LoadSlice(2, GENERATORS).of(steps);

        assertEquals(List.of(Step.nothing(5), Step.constant(0.4, 10)), third);
    }

    @Test
    void theWholeIsOneGeneratorWithEveryStepUnchanged() {
        for (LoadProfile profile : LoadProfile.values()) {
            assertEquals(profile.plan(2.5, GAP), LoadSlice.WHOLE.of(profile.plan(2.5, GAP)));
        }
    }

    @Test
    void refusesAnIndexOutsideTheGenerators() {
        assertThrows(IllegalArgumentException.class, () -> new LoadSlice(3, 3));
    }

    private static List<List<Step>> parts(LoadProfile profile, double scale) {
        return IntStream.range(0, GENERATORS)
                .mapToObj(i -> new LoadSlice(i, GENERATORS).of(profile.plan(scale, GAP)))
                .toList();
    }
}
