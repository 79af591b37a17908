package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The running estimate of how long a request holds its slot. */
class ServiceTimeTest {

    private static final long MS = 1_000_000;

    @Test
    void knowsNothingBeforeTheFirstHoldEnds() {
        // given a new estimate
        ServiceTime serviceTime = new ServiceTime();

        // then it claims no service time
        assertEquals(0, serviceTime.estimateNanos());
    }

    @Test
    void isTheMeanOfAMixOfReadsAndWrites() {
        // given 56 reads of 1 ms and 8 writes of 9 ms: 8 writes are more than the clamped few
        long[] holds = new long[ServiceTime.WINDOW];
        Arrays.fill(holds, 0, 56, 1 * MS);
        Arrays.fill(holds, 56, 64, 9 * MS);

        // then the estimate is their mean, which is what sets the pool's throughput
        assertEquals(2 * MS, ServiceTime.winsorisedMean(holds));
    }

    @Test
    void aFewStrayOutliersCountOnlyAsTheSlowestOrdinaryHold() {
        // given 61 holds of 2 ms and 3 requests stuck for 10 s
        long[] holds = new long[ServiceTime.WINDOW];
        Arrays.fill(holds, 2 * MS);
        holds[7] = 10_000 * MS;
        holds[30] = 10_000 * MS;
        holds[63] = 10_000 * MS;

        // then the stuck ones weigh as 2 ms holds
        assertEquals(2 * MS, ServiceTime.winsorisedMean(holds));
    }

    @Test
    void keepsOnlyTheLastWindow() {
        // given a window of slow holds followed by a window of fast ones
        ServiceTime serviceTime = new ServiceTime();
        for (int i = 0; i < ServiceTime.WINDOW; i++) {
            serviceTime.record(50 * MS);
        }
        for (int i = 0; i < ServiceTime.WINDOW; i++) {
            serviceTime.record(3 * MS);
        }

        // then the estimate follows the change
        assertEquals(3 * MS, serviceTime.estimateNanos());
    }

    @Test
    void aShortWindowClampsNothingBelowFiveHolds() {
        // given the first holds of a new pod
        long[] holds = {1 * MS, 2 * MS, 3 * MS, 6 * MS};

        // then all count as they are
        assertEquals(3 * MS, ServiceTime.winsorisedMean(holds));
    }
}
