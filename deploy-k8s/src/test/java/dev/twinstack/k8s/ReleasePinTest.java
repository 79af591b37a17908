package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A deploy pins an overlay to the released image's digest with {@code scripts/pin-image.sh} (the deploy workflow runs
 * it): every pod then runs exactly that digest, and the migration Job is still named after the release's tag, not
 * the tag the overlay had before. Needs bash and kubectl: {@code -Pfull} only.
 */
class ReleasePinTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final String REPOSITORY = "ghcr.io/example/fork";
    private static final String TAG = "2.3.0-rc.1";

    static Stream<String> overlays() throws IOException {
        return RenderedOverlay.overlays();
    }

    @BeforeEach
    void onlyInTheFullBuild() {
        assumeTrue(Boolean.getBoolean("twinstack-full"), "needs bash and kubectl: run with -Pfull");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void pinnedOverlayRunsTheDigestAndNamesTheJobAfterTheTag(String overlay, @TempDir Path copy) throws Exception {
        copyTree(RenderedOverlay.KUSTOMIZE, copy);
        Path dir = copy.resolve("overlays").resolve(overlay);

        pin(dir, REPOSITORY + ":" + TAG + "@" + DIGEST);
        RenderedOverlay rendered = RenderedOverlay.render(dir);
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
        copyTree(RenderedOverlay.KUSTOMIZE, copy);

        assertNotEquals(0, run(copy.resolve("overlays").resolve(overlay), REPOSITORY + ":" + TAG));
    }

    private static void pin(Path overlay, String image) throws Exception {
        assertEquals(0, run(overlay, image), "pin-image.sh failed");
    }

    private static int run(Path overlay, String image) throws Exception {
        Path script = RenderedOverlay.KUSTOMIZE.resolveSibling("scripts").resolve("pin-image.sh");
        Process process = new ProcessBuilder("bash", script.toString(), overlay.toString(), image)
                .inheritIO()
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pin-image.sh did not finish");
        }
        return process.exitValue();
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
