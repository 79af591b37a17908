package dev.twinstack.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Fargate's pod sizes against AWS's table, worked by hand. */
class FargateTest {

    @Test
    void addsTheComponentsMemoryAndRoundsUpToACombination() {
        // 0.25 vCPU, 0.25 + 0.25 GiB: the smallest combination.
        assertEquals(new Fargate.PodSize(0.25, 0.5), Fargate.podSize(0.25, 0.25));
        // 0.25 vCPU, 0.5 + 0.25 GiB: 0.25 vCPU's next size, 1 GB.
        assertEquals(new Fargate.PodSize(0.25, 1), Fargate.podSize(0.25, 0.5));
        // 0.5 vCPU, 0.5 + 0.25 GiB: 0.5 vCPU's smallest, 1 GB.
        assertEquals(new Fargate.PodSize(0.5, 1), Fargate.podSize(0.5, 0.5));
        // 0.55 vCPU (the app's 500m and the collector's 50m), 576 MiB + 256 MB: 1 vCPU and 2 GB.
        assertEquals(new Fargate.PodSize(1, 2), Fargate.podSize(0.55, 0.5625));
        // AWS's own example: 1 vCPU and 8 GB become 2 vCPU and 9 GB (no 1 vCPU size holds 8.25 GB).
        assertEquals(new Fargate.PodSize(2, 9), Fargate.podSize(1, 8));
        // 8 vCPU sizes go in 4 GB steps.
        assertEquals(new Fargate.PodSize(8, 20), Fargate.podSize(5, 16.5));
    }

    @Test
    void refusesAPodNoFargateSizeHolds() {
        assertThrows(IllegalArgumentException.class, () -> Fargate.podSize(17, 1));
    }
}
