package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadProfileTest {

    private static final int GAP = 45;

    @Test
    void findsProfilesByNameRegardlessOfCase() {
        assertEquals(LoadProfile.BURST, LoadProfile.named(" Burst "));
    }

    @Test
    void rejectsUnknownProfileListingTheKnownOnes() {
        var error = assertThrows(IllegalArgumentException.class, () -> LoadProfile.named("soak"));

        assertTrue(error.getMessage().contains("smoke, steady, burst, spike, classic"), error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(LoadProfile.class)
    void injectsSomethingAtEveryScale(LoadProfile profile) {
        assertFalse(profile.steps(1, GAP).isEmpty());
        assertFalse(profile.steps(0.25, GAP).isEmpty());
    }

    @Test
    void separatesBurstsByTheGap() {
        assertEquals(3 * 5 + 2 * GAP, LoadProfile.BURST.seconds(GAP));
        assertEquals(5, LoadProfile.BURST.steps(1, GAP).size());
    }
}
