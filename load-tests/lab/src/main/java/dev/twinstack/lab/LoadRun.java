package dev.twinstack.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    private LoadRun() {}

    static Outcome run(LabSettings settings, Target target, Path dir, Progress progress)
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
                "-DsloP95Ms=" + settings.sloP95Ms(),
                "-DsloP99Ms=" + settings.sloP99Ms(),
                "-DrequestLog=" + requestLog.toAbsolutePath(),
                "-Xmx512m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"));
        List<String> args = List.of(
                "io.gatling.app.Gatling",
                "--simulation",
                "dev.twinstack.loadtest.CrudSimulation",
                "--results-folder",
                gatlingDir.toAbsolutePath().toString(),
                "--run-description",
                target.name());
        long start = System.currentTimeMillis();
        Process gatling = Processes.startJava(dir, jvm, args, Map.of(), dir.resolve("gatling.log"));
        int seconds = settings.injectionSeconds();
        while (!gatling.waitFor(5, TimeUnit.SECONDS)) {
            long elapsed = (System.currentTimeMillis() - start) / 1000;
            progress.say("load on %s: %d s elapsed, ~%d s of injection left"
                    .formatted(target.name(), elapsed, Math.max(0, seconds - elapsed + 3)));
        }
        if (!Files.exists(requestLog) || Files.size(requestLog) == 0) {
            throw new IllegalStateException("the load generator recorded no request against " + target.name() + ", see "
                    + dir.resolve("gatling.log"));
        }
        return new Outcome(gatling.exitValue(), requestLog, report(gatlingDir), start);
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
