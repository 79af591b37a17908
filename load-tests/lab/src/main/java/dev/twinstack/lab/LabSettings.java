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
        int scaleOutAfterSeconds,
        List<String> targets,
        Path outputDir,
        Path serverDir,
        Path functionDir,
        int lambdaConcurrency,
        int lambdaMemoryMb,
        int lambdaIdleSeconds,
        int lambdaAbandonSeconds,
        int lambdaInitTimeoutSeconds,
        int proxyPoolSize,
        double sloErrorPct,
        int sloP95Ms,
        int sloP99Ms,
        long sampleMillis) {

    static LabSettings fromSystem() {
        return new LabSettings(
                System.getProperty("lab.profile", "steady"),
                Double.parseDouble(System.getProperty("lab.scale", "1")),
                Integer.getInteger("lab.burstGap", 20),
                Integer.getInteger("lab.seedUsers", 10_000),
                Integer.getInteger("lab.maxConnections", 40),
                Integer.getInteger("lab.replicas", 2),
                Integer.getInteger("lab.scaleOutAfter", 0),
                Arrays.stream(System.getProperty("lab.targets", "lambda,lambda+proxy,k8s")
                                .split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                Path.of(System.getProperty("lab.out", "target/lab")).toAbsolutePath(),
                Path.of(System.getProperty("lab.serverDir", "target/server")).toAbsolutePath(),
                Path.of(System.getProperty("lab.functionDir", "target/function"))
                        .toAbsolutePath(),
                Integer.getInteger("lab.lambdaConcurrency", 4),
                Integer.getInteger("lab.lambdaMemory", 512),
                Integer.getInteger("lab.lambdaIdle", 10),
                Integer.getInteger("lab.lambdaAbandon", 5),
                Integer.getInteger("lab.lambdaInitTimeout", 60),
                Integer.getInteger("lab.proxyPool", 4),
                Double.parseDouble(System.getProperty("lab.sloErrorPct", "5")),
                Integer.getInteger("lab.sloP95Ms", 2_000),
                Integer.getInteger("lab.sloP99Ms", 10_000),
                Long.getLong("lab.sampleMillis", 250));
    }

    int injectionSeconds() {
        return LoadProfile.named(profile).seconds(burstGapSeconds);
    }
}
