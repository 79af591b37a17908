package dev.twinstack.toolkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization with {@code kubectl kustomize <dir>} (offline: no cluster is needed). The binary is the one
 * the {@code KUBECTL} environment variable names, else {@code kubectl} on the PATH. Its output and its error stream
 * are read at the same time, so a chatty error stream never blocks the rendering.
 */
public final class Kustomize {

    /** The environment variable that names the kubectl binary to use. */
    public static final String KUBECTL = "KUBECTL";

    static final String REQUIREMENT = "kubectl >= 1.27 (with kustomize >= 5)";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Kustomize() {}

    /** The rendered manifests, a multi-document YAML stream. */
    public static String render(Path kustomization) {
        return render(kustomization, kubectl(System.getenv()));
    }

    /** The kustomizations directly under a directory (an {@code overlays} folder), by name. */
    public static List<String> kustomizations(Path parent) {
        try (Stream<Path> dirs = Files.list(parent)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent, e);
        }
    }

    /** KUBECTL when set, else {@code kubectl} from the PATH. */
    static String kubectl(Map<String, String> environment) {
        String given = environment.get(KUBECTL);
        return given == null || given.isBlank() ? "kubectl" : given;
    }

    static String render(Path kustomization, String kubectl) {
        if (!Files.isDirectory(kustomization)) {
            throw new IllegalArgumentException(kustomization + " is not a kustomization directory");
        }
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", kustomization.toString()).start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    REQUIREMENT + " is needed to render " + kustomization + ", and '" + kubectl
                            + "' cannot be run: install kubectl on the PATH or set " + KUBECTL + " to its path",
                    e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(kubectl + " kustomize " + kustomization + " did not finish within "
                        + Durations.format(TIMEOUT));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(kubectl + " kustomize " + kustomization + " failed (exit "
                        + process.exitValue() + "): " + err.get().strip());
            }
            return out.get();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + kustomization, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the output of " + kubectl, e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (stream) {
                        text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        text.completeExceptionally(e);
                    }
                },
                "kubectl-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
