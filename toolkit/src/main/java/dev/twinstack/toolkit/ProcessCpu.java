package dev.twinstack.toolkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process tree from {@code /proc}, for processes that run outside a control group (the database, the
 * load generator): user and system time of the process and its live descendants, plus what its exited children left
 * in its account. Used where {@link Cgroups} accounting is not available or not wanted.
 */
public final class ProcessCpu {

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {}

    /** Seconds of CPU the process and everything below it have used so far; 0 for a process that is gone. */
    public static double treeSeconds(long pid) {
        return ProcessHandle.of(pid)
                        .map(root -> root.descendants()
                                        .mapToLong(p -> ticks(p.pid()))
                                        .sum()
                                + ticks(pid))
                        .orElse(0L)
                / (double) TICKS_PER_SECOND;
    }

    /**
     * Fields 14-17 of /proc/[pid]/stat: utime, stime, cutime, cstime. A reaped child leaves the tree and its time
     * moves into its parent's cutime/cstime, so summing all four over the live tree counts each process once; this
     * is how the time of exited workers (database backends) stays counted.
     */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, at index 11.
            return Long.parseLong(fields[11])
                    + Long.parseLong(fields[12])
                    + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
