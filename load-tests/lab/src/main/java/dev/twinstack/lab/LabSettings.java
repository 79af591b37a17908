package dev.twinstack.lab;

import dev.twinstack.loadtest.LoadProfile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One lab run, from system properties ({@code -Dlab.profile=burst ...}); the defaults fit a 2-core laptop and finish
 * within minutes.
 */
record LabSettings(
        String profile,
        double scale,
        int burstGapSeconds,
        int seedUsers,
        int maxConnections,
        int replicas,
        List<String> targets,
        Path outputDir,
        Path serverDir,
        double sloErrorPct,
        int sloP95Ms,
        int sloP99Ms,
        long sampleMillis) {

    static LabSettings fromSystem() {
        return new LabSettings(
                System.getProperty("lab.profile", "burst"),
                Double.parseDouble(System.getProperty("lab.scale", "1")),
                Integer.getInteger("lab.burstGap", 20),
                Integer.getInteger("lab.seedUsers", 10_000),
                Integer.getInteger("lab.maxConnections", 40),
                Integer.getInteger("lab.replicas", 2),
                Arrays.stream(System.getProperty("lab.targets", "k8s").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                Path.of(System.getProperty("lab.out", "target/lab")).toAbsolutePath(),
                Path.of(System.getProperty("lab.serverDir", "target/server/quarkus-app"))
                        .toAbsolutePath(),
                Double.parseDouble(System.getProperty("lab.sloErrorPct", "5")),
                Integer.getInteger("lab.sloP95Ms", 2_000),
                Integer.getInteger("lab.sloP99Ms", 10_000),
                Long.getLong("lab.sampleMillis", 250));
    }

    int injectionSeconds() {
        return LoadProfile.named(profile).seconds(burstGapSeconds);
    }
}
