package dev.twinstack.k8s;

import java.util.Arrays;

/**
 * A robust running estimate of how long a request holds its database slot: the mean of the last {@value #WINDOW}
 * holds, winsorised (the slowest {@value #CLAMPED} are counted as the next slowest one). A mix of fast reads and slower
 * writes keeps its true mean, which is what sets the pool's throughput, while a few stray outliers (a request stuck on
 * a lock, a GC pause) cannot multiply the estimate; a lasting change moves it within a window. Not thread-safe: its
 * owner ({@link AdmissionQueue}) calls it under its lock.
 */
final class ServiceTime {

    static final int WINDOW = 64;
    static final int CLAMPED = 3;

    private final long[] samples = new long[WINDOW];
    private long recorded;

    void record(long nanos) {
        samples[(int) (recorded++ % WINDOW)] = Math.max(0, nanos);
    }

    /** The estimate in nanoseconds; 0 before the first hold ends (no evidence yet: only the ceiling bounds a queue). */
    long estimateNanos() {
        return winsorisedMean(Arrays.copyOf(samples, (int) Math.min(recorded, WINDOW)));
    }

    /** The mean of {@code holds} with the slowest {@value #CLAMPED} (fewer in a short window) clamped to the next. */
    static long winsorisedMean(long[] holds) {
        if (holds.length == 0) {
            return 0;
        }
        long[] sorted = holds.clone();
        Arrays.sort(sorted);
        int clamped = Math.min(CLAMPED, (sorted.length - 1) / 4);
        long ceiling = sorted[sorted.length - 1 - clamped];
        double sum = 0;
        for (long hold : sorted) {
            sum += Math.min(hold, ceiling);
        }
        return Math.round(sum / sorted.length);
    }
}
