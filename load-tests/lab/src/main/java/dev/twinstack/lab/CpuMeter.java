package dev.twinstack.lab;

import dev.twinstack.results.CpuUse;
import dev.twinstack.toolkit.ProcessCpu;
import dev.twinstack.toolkit.ProcessLauncher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * CPU time of one target's processes and of the database during the target's load, measured as the benchmark
 * measures it ({@link ProcessCpu#treeSeconds}: user and system time of a process tree from {@code /proc}).
 *
 * <p>The lab runs one target at a time, so the target's processes are this JVM's child processes during the load other
 * than the database, the proxy stand-in, the load generators and the launcher's watchdog: the replicas of the
 * Kubernetes target, or the environments of a Lambda target, whatever started or ended them. Each is sampled every
 * {@code interval}, and its last sample kept, so a process that ends during the load (a killed environment, a
 * scaled-in replica) keeps what it used up to its last sample; a process that started during the load counts from
 * its start (a new replica's JVM start is CPU a new pod pays too). A process's share before the load (a replica's
 * start, a SnapStart copy's init) is left out.
 */
final class CpuMeter implements AutoCloseable {

    /**
     * What the command line of a process the lab starts beside the targets holds: the load generator, the proxy
     * stand-in, the database, and the signals the local Lambda service sends to freeze and thaw environments.
     */
    private static final List<String> NOT_A_TARGET = List.of("io.gatling.app.Gatling", "pgbouncer", "postgres", "kill");

    private final LongSupplier databasePid;
    private boolean stopped;
    private final Map<Long, Double> baseline = new HashMap<>();
    private final Map<Long, Double> last = new HashMap<>();
    private final Map<Long, Double> databaseBaseline = new HashMap<>();
    private final Map<Long, Double> databaseLast = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cpu-meter");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts measuring now.
     *
     * @param databasePid the postmaster's pid now (it changes when a failover drill starts the database again)
     * @param intervalMs how often the processes are sampled
     */
    CpuMeter(LongSupplier databasePid, long intervalMs) {
        this.databasePid = databasePid;
        synchronized (this) {
            sample();
            baseline.putAll(last);
            databaseBaseline.putAll(databaseLast);
        }
        sampler.scheduleAtFixedRate(this::sample, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        if (stopped) {
            return;
        }
        long watchdog = ProcessLauncher.shared().watchdogPid();
        long database = databasePid.getAsLong();
        if (database > 0) {
            keepMax(databaseLast, database, ProcessCpu.treeSeconds(database));
        }
        ProcessHandle.current().children().forEach(child -> {
            long pid = child.pid();
            if (pid != watchdog
                    && pid != database
                    && isTarget(child.info().commandLine().orElse(""))) {
                keepMax(last, pid, ProcessCpu.treeSeconds(pid));
            }
        });
    }

    private static void keepMax(Map<Long, Double> samples, long pid, double seconds) {
        samples.merge(pid, seconds, Math::max);
    }

    /** Whether a child process with this command line is one of the target's (see the class comment). */
    static boolean isTarget(String commandLine) {
        for (String word : commandLine.split(" ")) {
            String name = word.isEmpty() ? word : Path.of(word).getFileName().toString();
            if (NOT_A_TARGET.contains(word) || NOT_A_TARGET.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** Stops measuring, with a last sample now (when the load ended); once. */
    synchronized void stop() {
        if (!stopped) {
            sampler.shutdownNow();
            sample();
            stopped = true;
        }
    }

    /** The CPU used from the start to {@link #stop}, per successful request of the load. */
    synchronized CpuUse use(long successfulRequests) {
        stop();
        return CpuUse.of(
                sinceStart(last, baseline),
                sinceStart(databaseLast, databaseBaseline),
                successfulRequests,
                working(last, baseline));
    }

    /** The CPU-seconds each process used since its first sample at the start, or since it started after it. */
    static double sinceStart(Map<Long, Double> last, Map<Long, Double> baseline) {
        return last.entrySet().stream()
                .mapToDouble(e -> Math.max(0, e.getValue() - baseline.getOrDefault(e.getKey(), 0.0)))
                .sum();
    }

    /** The processes that used CPU during the load (an environment left frozen throughout used none). */
    static int working(Map<Long, Double> last, Map<Long, Double> baseline) {
        return (int) last.entrySet().stream()
                .filter(e -> e.getValue() > baseline.getOrDefault(e.getKey(), 0.0))
                .count();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
