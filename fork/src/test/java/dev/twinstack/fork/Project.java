package dev.twinstack.fork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The project this module belongs to, and copies of it for tests that change files. */
final class Project {

    static final Path ROOT = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent()
            .getParent();

    private Project() {}

    /** Every project file (no build output, no VCS metadata) copied to {@code to}, executable bits kept. */
    static void copyTo(Path to) throws IOException {
        for (Path file : Rename.files(ROOT)) {
            Path target = to.resolve(ROOT.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
