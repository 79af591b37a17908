package dev.twinstack.lambdalocal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about an environment's process: its scheduler state and its peak resident memory. */
final class ProcStatus {

    private ProcStatus() {}

    /**
     * The state letter of /proc/[pid]/stat: 'T' stopped (frozen), 'S' sleeping, 'R' running, '?' gone. The command name
     * in parentheses may contain spaces, so the state is read after its closing parenthesis.
     */
    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /** Peak resident set size (VmHWM) in MB, rounded up, as Lambda reports Max Memory Used; 0 when unknown. */
    static long maxMemoryUsedMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kib + 1023) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: nothing to measure
        }
        return 0;
    }
}
