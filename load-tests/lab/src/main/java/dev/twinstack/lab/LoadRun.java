package dev.twinstack.lab;

import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the one Gatling simulation against one target in a JVM of its own (the load generator must not share the
 * lab's heap), with the per-request log the lab's statistics come from.
 */
final class LoadRun {

    record Outcome(int exitCode, Path requestLog, Optional<Path> gatlingReport, long startEpochMs) {

        /** Gatling exits non-zero when an SLO assertion failed. */
        boolean slosMet() {
            return exitCode == 0;
        }
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration RUN_MARGIN = Duration.ofMinutes(10);

    private LoadRun() {}

    /**
     * {@code track} registers the load generator's process, so that Ctrl-C or a failure stops it too;
     * {@code holdSeconds}, when positive, holds the profile's constant phase that long (a run with drills).
     */
    static Outcome run(
            LabSettings settings,
            Target target,
            Path dir,
            int holdSeconds,
            Progress progress,
            Consumer<AutoCloseable> track)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path requestLog = dir.resolve("requests.jsonl");
        Path gatlingDir = dir.resolve("gatling");
        List<String> jvm = List.of(
                "-DbaseUrl=" + target.baseUrl(),
                "-Dprofile=" + settings.profile(),
                "-Dscale=" + settings.scale(),
                "-DburstGap=" + settings.burstGapSeconds(),
                "-DseededUsers=" + settings.seedUsers(),
                "-DsloErrorPct=" + settings.sloErrorPct(),
                "-DsloP95Ms=" + settings.sloP95().toMillis(),
                "-DsloP99Ms=" + settings.sloP99().toMillis(),
                "-DrequestLog=" + requestLog.toAbsolutePath(),
                "-DholdSeconds=" + holdSeconds,
                "-Xmx512m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED");
        List<String> args = List.of(
                "--simulation",
                "dev.twinstack.loadtest.CrudSimulation",
                "--results-folder",
                gatlingDir.toAbsolutePath().toString(),
                "--run-description",
                target.name());
        long start = System.currentTimeMillis();
        LaunchedProcess gatling = ProcessLauncher.shared()
                .javaMain("io.gatling.app.Gatling", jvm, args)
                .name("the load generator (Gatling)")
                .directory(dir)
                .logTo(dir.resolve("gatling.log"))
                .start();
        track.accept(() -> gatling.stop(Duration.ofSeconds(5)));
        int seconds = settings.injectionSeconds(holdSeconds);
        // A safety net: Gatling ends on its own once the injection and the requests in flight are done.
        long deadline =
                System.nanoTime() + Duration.ofSeconds(seconds).plus(RUN_MARGIN).toNanos();
        while (!gatling.waitFor(PROGRESS_EVERY)) {
            if (System.nanoTime() - deadline >= 0) {
                gatling.kill();
                throw new IllegalStateException(
                        "the load generator ran " + Durations.format(RUN_MARGIN) + " past its injection against "
                                + target.name() + "; killed, see " + dir.resolve("gatling.log"));
            }
            long elapsed = (System.currentTimeMillis() - start) / 1000;
            progress.say("load on %s: %d s elapsed, ~%d s of injection left"
                    .formatted(target.name(), elapsed, Math.max(0, seconds - elapsed + 3)));
        }
        if (!Files.exists(requestLog) || Files.size(requestLog) == 0) {
            throw new IllegalStateException("the load generator recorded no request against " + target.name() + ", see "
                    + dir.resolve("gatling.log"));
        }
        return new Outcome(gatling.exitCode(), requestLog, report(gatlingDir), start);
    }

    private static Optional<Path> report(Path gatlingDir) throws IOException {
        if (!Files.isDirectory(gatlingDir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(gatlingDir)) {
            return runs.map(p -> p.resolve("index.html")).filter(Files::exists).findFirst();
        }
    }
}
