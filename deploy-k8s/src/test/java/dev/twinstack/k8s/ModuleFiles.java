package dev.twinstack.k8s;

import java.nio.file.Path;

/** Where this module's deploy files are, for the tests that read or run them. */
final class ModuleFiles {

    static final Path MODULE = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent();
    static final Path KUSTOMIZE = MODULE.resolve("kustomize");
    static final Path OVERLAYS = KUSTOMIZE.resolve("overlays");
    static final Path SCRIPTS = MODULE.resolve("scripts");
    static final Path REPOSITORY = MODULE.getParent();

    private ModuleFiles() {}
}
