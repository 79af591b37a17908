package dev.twinstack.lab;

import dev.twinstack.toolkit.Durations;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the one Gatling simulation against one target in a JVM of its own (the load generator must not share the
 * lab's heap), with the per-request log the lab's statistics come from and the client ledger it reconciles.
 */
final class LoadRun {

    /**
     * @param exitCode Gatling's (several generators: the first that is not 0; they assert no SLOs, see Slos)
     * @param requestLog the request log of the run (several generators: their logs merged)
     * @param generators how many load generators shared the profile
     * @param ledger the client ledger of the run (several generators: their ledgers joined)
     */
    record Outcome(
            int exitCode,
            Path requestLog,
            Optional<Path> gatlingReport,
            long startEpochMs,
            int generators,
            Path ledger) {

        /** Gatling exits non-zero when an SLO assertion failed (one generator; several assert none). */
        boolean slosMet() {
            return exitCode == 0;
        }
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration RUN_MARGIN = Duration.ofMinutes(10);
    /** Time between the last generator's arrival at the start barrier and the common start. */
    private static final Duration BARRIER_LEAD = Duration.ofSeconds(2);
    /** A safety net: the generators hand over their logs as they exit. */
    private static final Duration MERGE_DEADLINE = Duration.ofSeconds(30);

    private LoadRun() {}

    /**
     * {@code track} registers the load generators' processes, so that Ctrl-C or a failure stops them too. With
     * {@code lab.loadGenerators} above 1, that many generators each run a slice of the profile ({@code LoadSlice}),
     * meet at a {@link LoadCollector} in this JVM to start together and hand it their request logs, which it merges.
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
        int generators = settings.loadGenerators();
        if (generators == 1) {
            Path requestLog = dir.resolve("requests.jsonl");
            Path ledger = dir.resolve("ledger.jsonl");
            long start = System.currentTimeMillis();
            LaunchedProcess gatling =
                    launch(settings, target, dir, requestLog, ledger, holdSeconds, List.of(), "the load generator");
            track.accept(() -> gatling.stop(Duration.ofSeconds(5)));
            await(settings, target, holdSeconds, List.of(gatling), List.of(dir), progress, start);
            if (!Files.exists(requestLog) || Files.size(requestLog) == 0) {
                throw new IllegalStateException("the load generator recorded no request against " + target.name()
                        + ", see " + dir.resolve("gatling.log"));
            }
            return new Outcome(gatling.exitCode(), requestLog, report(dir.resolve("gatling")), start, 1, ledger);
        }
        LoadCollector collector = LoadCollector.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                generators,
                dir.resolve("collector"),
                BARRIER_LEAD);
        track.accept(collector);
        List<LaunchedProcess> processes = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        long launched = System.currentTimeMillis();
        for (int i = 0; i < generators; i++) {
            Path own = Files.createDirectories(dir.resolve("generator-" + i));
            LaunchedProcess gatling = launch(
                    settings,
                    target,
                    own,
                    own.resolve("requests.jsonl"),
                    own.resolve("ledger.jsonl"),
                    holdSeconds,
                    List.of(
                            "-DloadGenerators=" + generators,
                            "-DloadGenerator=" + i,
                            "-DloadCollector=" + collector.uri()),
                    "load generator " + i + " of " + generators);
            track.accept(() -> gatling.stop(Duration.ofSeconds(5)));
            processes.add(gatling);
            dirs.add(own);
        }
        await(settings, target, holdSeconds, processes, dirs, progress, launched);
        Path merged;
        try {
            merged = collector.awaitMerged(MERGE_DEADLINE);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage() + ", see "
                            + dirs.stream().map(d -> d.resolve("gatling.log")).toList(),
                    e);
        } finally {
            collector.close();
        }
        Path requestLog = Files.copy(merged, dir.resolve("requests.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        if (Files.size(requestLog) == 0) {
            throw new IllegalStateException("the load generators recorded no request against " + target.name());
        }
        int exitCode = processes.stream()
                .mapToInt(LaunchedProcess::exitCode)
                .filter(code -> code != 0)
                .findFirst()
                .orElse(0);
        if (exitCode != 0) {
            // With several generators none asserts the SLOs (each sees only its slice): an exit code is a failure.
            progress.say("warning: a load generator against %s exited with %d although its log was merged, see %s"
                    .formatted(
                            target.name(),
                            exitCode,
                            dirs.stream().map(d -> d.resolve("gatling.log")).toList()));
        }
        // The ledgers stay on this machine (the collector takes request logs only): each write is one line of one of
        // them.
        Path ledger = dir.resolve("ledger.jsonl");
        try (var out = Files.newOutputStream(ledger)) {
            for (Path own : dirs) {
                Path part = own.resolve("ledger.jsonl");
                if (Files.exists(part)) {
                    Files.copy(part, out);
                }
            }
        }
        return new Outcome(exitCode, requestLog, Optional.empty(), collector.startAt(), generators, ledger);
    }

    private static LaunchedProcess launch(
            LabSettings settings,
            Target target,
            Path dir,
            Path requestLog,
            Path ledger,
            int holdSeconds,
            List<String> slice,
            String name)
            throws IOException {
        List<String> jvm = new ArrayList<>(List.of(
                "-DbaseUrl=" + target.baseUrl(),
                "-Dprofile=" + settings.profile(),
                "-Dscale=" + settings.scale(),
                "-DburstGap=" + settings.burstGapSeconds(),
                "-DseededUsers=" + settings.seedUsers(),
                "-DsloErrorPct=" + settings.sloErrorPct(),
                "-DsloP95Ms=" + settings.sloP95().toMillis(),
                "-DsloP99Ms=" + settings.sloP99().toMillis(),
                "-DrequestLog=" + requestLog.toAbsolutePath(),
                "-Dledger=" + ledger.toAbsolutePath(),
                "-DholdSeconds=" + holdSeconds,
                "-Xmx512m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        jvm.addAll(target.auth().generatorProperties());
        jvm.addAll(slice);
        List<String> args = List.of(
                "--simulation",
                "dev.twinstack.loadtest.CrudSimulation",
                "--results-folder",
                dir.resolve("gatling").toAbsolutePath().toString(),
                "--run-description",
                target.name());
        return ProcessLauncher.shared()
                .javaMain("io.gatling.app.Gatling", jvm, args)
                .name(name + " (Gatling)")
                .directory(dir)
                .logTo(dir.resolve("gatling.log"))
                .start();
    }

    /** Until every generator has exited, saying how far the load is. */
    private static void await(
            LabSettings settings,
            Target target,
            int holdSeconds,
            List<LaunchedProcess> generators,
            List<Path> dirs,
            Progress progress,
            long start)
            throws InterruptedException {
        int seconds = settings.injectionSeconds(holdSeconds);
        // A safety net: Gatling ends on its own once the injection and the requests in flight are done.
        long deadline =
                System.nanoTime() + Duration.ofSeconds(seconds).plus(RUN_MARGIN).toNanos();
        for (LaunchedProcess gatling : generators) {
            while (!gatling.waitFor(PROGRESS_EVERY)) {
                if (System.nanoTime() - deadline >= 0) {
                    generators.forEach(LaunchedProcess::kill);
                    throw new IllegalStateException("the load generator ran " + Durations.format(RUN_MARGIN)
                            + " past its injection against " + target.name() + "; killed, see "
                            + dirs.stream().map(d -> d.resolve("gatling.log")).toList());
                }
                long elapsed = (System.currentTimeMillis() - start) / 1000;
                progress.say("load on %s: %d s elapsed, ~%d s of injection left"
                        .formatted(target.name(), elapsed, Math.max(0, seconds - elapsed + 3)));
            }
        }
    }

    /**
     * This run's Gatling report: the newest under {@code gatlingDir}, which keeps earlier runs' reports (Gatling names
     * each run's folder after the simulation and its start, {@code crudsimulation-yyyyMMddHHmmssSSS}).
     */
    static Optional<Path> report(Path gatlingDir) throws IOException {
        if (!Files.isDirectory(gatlingDir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(gatlingDir)) {
            return runs.filter(p -> Files.exists(p.resolve("index.html")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> p.resolve("index.html"));
        }
    }
}
