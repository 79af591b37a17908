package dev.twinstack.lab;

import dev.twinstack.collect.Collection;
import dev.twinstack.loadtest.LoadProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One lab run, from the command line and the {@code lab.*} system properties ({@link LabOptions}, {@code -h} lists
 * them); the defaults fit a 2-core laptop and finish within minutes. {@code collect}: what to read of each deployment
 * the lab does not run, by its target name.
 */
record LabSettings(
        String profile,
        double scale,
        Duration burstGap,
        int seedUsers,
        int maxConnections,
        int replicas,
        Duration scaleOutAfter,
        List<String> targets,
        Path outputDir,
        Path serverDir,
        Path functionDir,
        Path template,
        int lambdaConcurrency,
        Duration lambdaIdle,
        Duration lambdaAbandon,
        Duration lambdaSnapshotLoad,
        int lambdaSnapshotCopies,
        int proxyPoolSize,
        double sloErrorPct,
        Duration sloP95,
        Duration sloP99,
        Duration sampleInterval,
        int loadGenerators,
        Map<String, Collection.Plan> collect,
        Optional<String> awsRegion,
        List<DrillKind> drills,
        Path deployment,
        String auth,
        Front.Kind front,
        Duration endpointPropagation,
        Path dockerfile,
        boolean spillover,
        Optional<Double> traceRatio,
        Autoscale autoscale) {

    /**
     * The k8s target's HorizontalPodAutoscaler.
     *
     * @param overlay the overlay whose HPA scales the replicas, or {@link #NONE}
     * @param scaleDownWindow the HPA's scale-down stabilisation window replaced, when present
     * @param coolDown after the load, how long the HPA may go on scaling in before the target stops
     * @param holdSeconds the constant phase of the profile held this long (0: the profile's own)
     */
    record Autoscale(String overlay, Optional<Duration> scaleDownWindow, Duration coolDown, int holdSeconds) {

        static final String NONE = "none";
        /** The lab's profile for the HPA (LabOptions). */
        static final String SCALE_OUT = "scale-out";

        boolean enabled() {
            return !overlay.equals(NONE);
        }
    }

    /** The settings from the {@code lab.*} system properties alone. */
    static LabSettings fromSystem() {
        return LabOptions.parse(new PrintWriter(System.out, true), System.getProperties())
                .orElseThrow(() -> new IllegalStateException("lab.help: nothing to run"));
    }

    /** The gap as the scenario takes it: whole seconds. */
    int burstGapSeconds() {
        return Math.toIntExact(burstGap.toSeconds());
    }

    int injectionSeconds() {
        return injectionSeconds(0);
    }

    /** With the constant phase held for {@code holdSeconds} (when positive), as a run with drills does. */
    int injectionSeconds(int holdSeconds) {
        return LoadProfile.named(profile).seconds(burstGapSeconds(), holdSeconds);
    }

    /** The targets that run: with drills, those of {@link #targets} any of them applies to. */
    List<String> runTargets() {
        return drills.isEmpty()
                ? targets
                : targets.stream()
                        .filter(t -> drills.stream().anyMatch(d -> d.appliesTo(t)))
                        .toList();
    }
}
