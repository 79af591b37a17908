package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.Cgroups;
import dev.twinstack.toolkit.KubernetesManifests;
import dev.twinstack.toolkit.ProcessLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A replica gets its Deployment's limits and the image's JVM, or the run says it could not. */
class PodResourcesTest {

    private static final Path DEPLOYMENT = Path.of("../../deploy-k8s/kustomize/base/deployment.yaml");
    private static final Path DOCKERFILE = Path.of("../../deploy-k8s/src/main/docker/Dockerfile");
    private static final Cgroups.Availability HERE = Cgroups.detect();
    private static final Cgroups.Availability NONE =
            new Cgroups.Availability(Optional.empty(), "no writable control groups: not on this machine");
    /** A fifth of a core: a busy process shows the quota at once. */
    private static final String SMALL_POD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: small
            spec:
              selector:
                matchLabels: {app: small}
              template:
                metadata:
                  labels: {app: small}
                spec:
                  containers:
                    - name: app
                      image: small
                      command: ["java", "-XX:MaxRAMPercentage=50", "-jar", "app.jar"]
                      env:
                        - name: JAVA_TOOL_OPTIONS
                          value: "-XX:+ExitOnOutOfMemoryError"
                        - name: OTHER
                          value: "x"
                      resources:
                        limits:
                          cpu: 200m
                          memory: 256Mi
            """;

    @Test
    void readsTheLimitsFromTheDeploymentAndTheJvmFromTheImage() throws Exception {
        PodResources pod = PodResources.read(
                KubernetesManifests.parse(Files.readString(DEPLOYMENT)), ServerReplicas.DEPLOYMENT, DOCKERFILE);

        assertEquals(2.0, pod.cpuLimit());
        assertEquals(512L << 20, pod.memoryLimitBytes());
        assertTrue(
                pod.jvmOptions().contains("-XX:MaxRAMPercentage=70"),
                pod.jvmOptions().toString());
        assertFalse(pod.jvmOptions().contains("-jar"));
        assertEquals(Map.of(), pod.jvmEnvironment());
    }

    @Test
    void takesTheContainersOwnCommandAndJvmVariables() throws Exception {
        PodResources pod = PodResources.read(KubernetesManifests.parse(SMALL_POD), "small", DOCKERFILE);

        assertEquals(List.of("-XX:MaxRAMPercentage=50"), pod.jvmOptions());
        assertEquals(Map.of("JAVA_TOOL_OPTIONS", "-XX:+ExitOnOutOfMemoryError"), pod.jvmEnvironment());
        assertEquals(0.2, pod.cpuLimit(), 1e-9);
    }

    @Test
    void enforcesTheCpuLimitOrReportsThatItCouldNot() throws Exception {
        PodResources pod = PodResources.read(KubernetesManifests.parse(SMALL_POD), "small", DOCKERFILE);
        Optional<Cgroups.Group> group = pod.group(HERE, 0);

        if (!HERE.available()) {
            assertTrue(group.isEmpty());
            assertTrue(pod.describe(HERE).startsWith("replicas run unlimited"), pod.describe(HERE));
            return;
        }
        try (Cgroups.Group limited = group.orElseThrow()) {
            var busy = ProcessLauncher.shared()
                    .command(limited.wrap(List.of("/bin/sh", "-c", "while :; do :; done")))
                    .name("busy replica")
                    .start();
            long start = System.nanoTime();
            try {
                // Waits on the group's own accounting: enough periods for the quota to show.
                while (limited.periods() < 10
                        && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
                    Thread.sleep(50);
                }
                double wall = (System.nanoTime() - start) / 1e9;
                double share = limited.cpuSeconds() / wall;

                assertTrue(limited.throttledPeriods() > 0, "throttled at the quota");
                assertTrue(share < 0.35, "a fifth of a core, used " + share);
                assertTrue(pod.describe(HERE).startsWith("each replica runs under"), pod.describe(HERE));
            } finally {
                busy.kill();
                busy.waitFor(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void reportsUnlimitedReplicasAndTellsTheJvmTheLimitsInstead() throws Exception {
        PodResources pod = PodResources.read(KubernetesManifests.parse(SMALL_POD), "small", DOCKERFILE);

        assertTrue(pod.group(NONE, 0).isEmpty());
        assertTrue(pod.describe(NONE).contains("replicas run unlimited"), pod.describe(NONE));
        assertTrue(pod.describe(NONE).contains("not on this machine"), pod.describe(NONE));
        assertTrue(pod.jvmOptions(false).contains("-XX:MaxRAM=" + (256L << 20)));
        assertTrue(pod.jvmOptions(false).contains("-XX:ActiveProcessorCount=1"));
        assertEquals(pod.jvmOptions(), pod.jvmOptions(true));
    }

    @Test
    void theJvmSizesItsHeapFromTheMemoryLimitEitherWay() throws Exception {
        PodResources pod = PodResources.read(KubernetesManifests.parse(SMALL_POD), "small", DOCKERFILE);
        long expected = (long) (0.5 * (256L << 20));

        for (Cgroups.Availability cgroups : List.of(HERE, NONE)) {
            Optional<Cgroups.Group> group = pod.group(cgroups, 1);
            List<String> command =
                    new ArrayList<>(List.of(ProcessLauncher.javaExecutable().toString()));
            command.addAll(pod.jvmOptions(cgroups.available()));
            command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
            try {
                List<String> output = ProcessLauncher.shared()
                        .command(group.map(g -> g.wrap(command)).orElse(command))
                        .name("java -version")
                        .run(Duration.ofSeconds(60));
                Matcher heap = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)").matcher(String.join("\n", output));

                assertTrue(heap.find(), "MaxHeapSize printed");
                long max = Long.parseLong(heap.group(1));
                assertTrue(Math.abs(max - expected) < (8L << 20), cgroups.description() + ": heap " + max);
            } finally {
                group.ifPresent(Cgroups.Group::close);
            }
        }
    }
}
