package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** One overlay as {@code kubectl kustomize} renders it, read back as Kubernetes objects. */
record RenderedOverlay(String name, List<HasMetadata> objects) {

    static final Path KUSTOMIZE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .getParent()
            .resolve("kustomize");

    /** Every overlay directory, so a new overlay is checked without touching the tests. */
    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(KUSTOMIZE.resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static RenderedOverlay render(String overlay) throws IOException, InterruptedException {
        return render(KUSTOMIZE.resolve("overlays").resolve(overlay));
    }

    /** An overlay directory anywhere (a pinned copy, say); named after the directory. */
    static RenderedOverlay render(Path dir) throws IOException, InterruptedException {
        String overlay = dir.getFileName().toString();
        String kubectl = kubectl();
        Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] yaml = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + " failed");
        Object parsed = new KubernetesSerialization().unmarshal(new String(yaml, StandardCharsets.UTF_8));
        List<HasMetadata> objects;
        if (parsed instanceof KubernetesList list) {
            objects = list.getItems();
        } else if (parsed instanceof List<?> list) {
            objects = list.stream().map(HasMetadata.class::cast).toList();
        } else {
            objects = List.of((HasMetadata) parsed);
        }
        return new RenderedOverlay(overlay, objects);
    }

    /** The kubectl to use: KUBECTL, else the first on PATH. Missing, the full build fails here and says why. */
    private static String kubectl() {
        String given = System.getenv("KUBECTL");
        if (given != null && !given.isBlank()) {
            return given;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "kubectl");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return fail("kubectl (>= 1.27, with kustomize >= 5) is required to render the overlays under -Pfull: "
                + "install it on PATH or set KUBECTL");
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind, String name) {
        return oneMatching(kind, name, name::equals);
    }

    /** A generated object (ConfigMap) or one named per release (the migration Job): name prefix, then a suffix. */
    <T extends HasMetadata> T oneNamed(Class<T> kind, String prefix) {
        return oneMatching(kind, prefix + "-*", n -> n.startsWith(prefix + "-"));
    }

    ConfigMap configMap(String name) {
        return oneNamed(ConfigMap.class, name);
    }

    private <T extends HasMetadata> T oneMatching(Class<T> kind, String what, Predicate<String> names) {
        List<T> found = all(kind).stream()
                .filter(o -> names.test(o.getMetadata().getName()))
                .toList();
        assertEquals(1, found.size(), () -> name + ": exactly one " + kind.getSimpleName() + " " + what);
        return found.get(0);
    }
}
