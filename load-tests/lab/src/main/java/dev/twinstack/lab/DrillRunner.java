package dev.twinstack.lab;

import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one target's drills one after the other while its load runs: the first {@link #FIRST_AFTER} after the load's
 * ramp (the load's start read from its request log, not assumed), each next one {@link #SETTLE} after the previous
 * fault was observed over. A drill that has not begun when the load ends does not run, and is reported as not
 * observed; one under way is let finish, so that nothing stays broken for the next target.
 */
final class DrillRunner {

    /** Injects one drill's fault, returning once it is observed over. */
    interface Injector {
        void inject(DrillKind drill, FaultLog log) throws Exception;
    }

    static final Duration FIRST_AFTER = Duration.ofSeconds(5);
    static final Duration SETTLE = Duration.ofSeconds(10);
    /** Load after the last drill's planned time, so that its recovery shows. */
    static final Duration TAIL = Duration.ofSeconds(10);

    private static final Duration LOAD_START_LIMIT = Duration.ofSeconds(120);

    private final List<DrillKind> drills;
    private final Injector injector;
    private final Path requestLog;
    private final int rampSeconds;
    private final Progress progress;
    private final List<DrillWindow.Fault> faults = new ArrayList<>();
    private final Thread thread;
    private volatile boolean loadEnded;

    DrillRunner(List<DrillKind> drills, Injector injector, Path requestLog, int rampSeconds, Progress progress) {
        this.drills = List.copyOf(drills);
        this.injector = injector;
        this.requestLog = requestLog;
        this.rampSeconds = rampSeconds;
        this.progress = progress;
        this.thread = new Thread(this::run, "drills");
        this.thread.setDaemon(true);
    }

    /** How long the load's constant phase must be held for these drills to fit (0: no drills, the profile's own). */
    static int holdSeconds(List<DrillKind> drills) {
        if (drills.isEmpty()) {
            return 0;
        }
        return Math.toIntExact(FIRST_AFTER.toSeconds()
                + drills.stream().mapToInt(DrillKind::plannedSeconds).sum()
                + TAIL.toSeconds());
    }

    void start() {
        thread.start();
    }

    /** The load is over: no further drill begins; waits for the one under way. */
    List<DrillWindow.Fault> finish() throws InterruptedException {
        loadEnded = true;
        thread.join(Duration.ofMinutes(5).toMillis());
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }

    private void run() {
        try {
            long next = awaitLoadStart() + (rampSeconds + FIRST_AFTER.toSeconds()) * 1000;
            for (DrillKind drill : drills) {
                while (System.currentTimeMillis() < next && !loadEnded) {
                    Thread.sleep(Math.min(100, Math.max(1, next - System.currentTimeMillis())));
                }
                if (loadEnded) {
                    add(notRun(drill, "the load ended before this drill began"));
                    continue;
                }
                progress.say("drill " + drill.label() + ": injecting");
                FaultLog log = new FaultLog();
                boolean seen;
                try {
                    injector.inject(drill, log);
                    seen = true;
                } catch (FaultLog.NotObserved e) {
                    log.observed("fault not observed: " + e.getMessage());
                    seen = false;
                } catch (Exception e) {
                    log.observed("the drill failed: " + e);
                    seen = false;
                }
                long end = log.endEpochMs() == 0 ? System.currentTimeMillis() : log.endEpochMs();
                add(new DrillWindow.Fault(drill, log.startEpochMs(), end, log.observations(), seen));
                progress.say("drill %s: %s in %.1f s"
                        .formatted(drill.label(), seen ? "over" : "NOT observed", (end - log.startEpochMs()) / 1000.0));
                next = System.currentTimeMillis() + SETTLE.toMillis();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            progress.say("drills: cannot read the request log: " + e);
        }
    }

    /** When the load's first request ended, from the request log (written in blocks, so this waits a few seconds). */
    private long awaitLoadStart() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LOAD_START_LIMIT.toNanos();
        while (!loadEnded && System.nanoTime() < deadline) {
            if (Files.exists(requestLog)) {
                try (BufferedReader in = Files.newBufferedReader(requestLog)) {
                    String line = in.readLine();
                    // A whole first line: the writer flushes in blocks, so a line may still be cut.
                    if (line != null && line.endsWith("}")) {
                        try {
                            RequestRecord first = ResultsJson.readRequestLine(line);
                            return first.endEpochMs();
                        } catch (IllegalArgumentException cut) {
                            // Not whole yet: read it again.
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        return System.currentTimeMillis();
    }

    private DrillWindow.Fault notRun(DrillKind drill, String why) {
        long now = System.currentTimeMillis();
        return new DrillWindow.Fault(drill, now, now, List.of(why), false);
    }

    private void add(DrillWindow.Fault fault) {
        synchronized (faults) {
            faults.add(fault);
        }
    }
}
