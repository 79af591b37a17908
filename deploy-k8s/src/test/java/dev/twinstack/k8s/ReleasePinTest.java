package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.twinstack.toolkit.KubernetesManifests;
import dev.twinstack.toolkit.Kustomize;
import dev.twinstack.toolkit.ProcessLauncher;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A deploy pins an overlay to the released image's digest with {@code scripts/pin-image.sh} (the deploy workflow runs
 * it): every pod then runs exactly that digest, and the migration Job is still named after the release's tag, not
 * the tag the overlay had before. Needs bash and kubectl: {@code -Pfull} only.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs bash and kubectl: run with -Pfull")
class ReleasePinTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String REPOSITORY = "ghcr.io/example/fork";
    private static final String TAG = "2.3.0-rc.1";

    static Stream<String> overlays() {
        return Kustomize.kustomizations(ModuleFiles.OVERLAYS).stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void pinnedOverlayRunsTheDigestAndNamesTheJobAfterTheTag(String overlay, @TempDir Path copy) throws Exception {
        copyTree(ModuleFiles.KUSTOMIZE, copy);
        Path dir = copy.resolve("overlays").resolve(overlay);

        pin(dir, REPOSITORY + ":" + TAG + "@" + DIGEST);
        KubernetesManifests rendered = KubernetesManifests.render(dir);
        Container app =
                rendered.one(Deployment.class, "twinstack").getSpec().getTemplate().getSpec().getContainers().stream()
                        .filter(c -> c.getName().equals("app"))
                        .findFirst()
                        .orElseThrow();
        Job job = rendered.oneNamed(Job.class, "twinstack-migrate");

        assertEquals(REPOSITORY + ":" + TAG + "@" + DIGEST, app.getImage());
        assertEquals(
                app.getImage(),
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("twinstack-migrate-" + TAG, job.getMetadata().getName());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void refusesAnImageWithoutDigest(String overlay, @TempDir Path copy) throws Exception {
        copyTree(ModuleFiles.KUSTOMIZE, copy);

        assertNotEquals(0, run(copy.resolve("overlays").resolve(overlay), REPOSITORY + ":" + TAG));
    }

    private static void pin(Path overlay, String image) throws Exception {
        assertEquals(0, run(overlay, image), "pin-image.sh failed");
    }

    private static int run(Path overlay, String image) throws Exception {
        Path script = ModuleFiles.SCRIPTS.resolve("pin-image.sh");
        return ProcessLauncher.shared()
                .command("bash", script.toString(), overlay.toString(), image)
                .name("pin-image.sh")
                .lines(System.out::println)
                .start()
                .awaitExit(Duration.ofSeconds(30));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
