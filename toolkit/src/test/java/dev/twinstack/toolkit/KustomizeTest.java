package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The invocation, with stand-in kubectl scripts: what it runs, how it reads, how it fails. */
@DisabledOnOs(OS.WINDOWS)
class KustomizeTest {

    @TempDir
    Path dir;

    private Path overlay;

    @BeforeEach
    void anOverlay() throws IOException {
        overlay = Files.createDirectories(dir.resolve("overlay"));
    }

    @Test
    void usesKubectlFromThePathUnlessKubectlIsSet() {
        assertEquals("kubectl", Kustomize.kubectl(Map.of()));
        assertEquals("kubectl", Kustomize.kubectl(Map.of("KUBECTL", " ")));
        assertEquals("/opt/k/kubectl", Kustomize.kubectl(Map.of("KUBECTL", "/opt/k/kubectl")));
    }

    @Test
    void listsTheKustomizationsOfAFolder() throws IOException {
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources: []\n");
        Files.createDirectories(dir.resolve("notes"));
        Files.writeString(Files.createDirectories(dir.resolve("a-first")).resolve("kustomization.yaml"), "");

        assertEquals(List.of("a-first", "overlay"), Kustomize.kustomizations(dir));
    }

    @Test
    void runsKubectlKustomizeOnTheDirectory() throws IOException {
        Path kubectl = script("echo \"args: $1 $2\"");

        assertEquals("args: kustomize " + overlay + "\n", Kustomize.render(overlay, kubectl.toString()));
    }

    @Test
    void readsBothStreamsAtOnceSoALargeErrorStreamNeverBlocks() throws IOException {
        // 1 MiB on stderr before a byte on stdout: a reader that waits for stdout first would block for ever.
        Path kubectl = script("head -c 1048576 /dev/zero >&2; head -c 1048576 /dev/zero | tr '\\0' 'a'");

        String out =
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Kustomize.render(overlay, kubectl.toString()));

        assertEquals(1048576, out.length());
    }

    @Test
    void failsWithWhatKubectlSaid() throws IOException {
        Path kubectl = script("echo 'accumulating resources: missing.yaml' >&2; exit 1");

        var error = assertThrows(IllegalStateException.class, () -> Kustomize.render(overlay, kubectl.toString()));

        assertTrue(error.getMessage().contains("accumulating resources: missing.yaml"), error.getMessage());
        assertTrue(error.getMessage().contains("exit 1"), error.getMessage());
    }

    @Test
    void namesTheToolAndHowToGiveItWhenItIsMissing() {
        var error = assertThrows(
                IllegalStateException.class,
                () -> Kustomize.render(overlay, dir.resolve("no-such-kubectl").toString()));

        assertTrue(error.getMessage().contains("kubectl >= 1.27"), error.getMessage());
        assertTrue(error.getMessage().contains("set KUBECTL"), error.getMessage());
    }

    private Path script(String body) throws IOException {
        Path script = dir.resolve("kubectl");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
