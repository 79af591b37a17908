package dev.twinstack.lambdalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipFile;

/** A function.zip, unpacked once into a directory that every environment starts in. */
final class FunctionPackage {

    private static final String MARKER = ".unpacked-from";

    private FunctionPackage() {}

    /** A directory is used as it is; a zip is unpacked beside it, again only when the zip changed. */
    static Path prepare(Path function) {
        if (Files.isDirectory(function)) {
            return function.toAbsolutePath();
        }
        String name = function.getFileName().toString().replaceFirst("\\.zip$", "");
        Path target = function.toAbsolutePath().resolveSibling(name + "-unpacked");
        try {
            FileTime zipTime = Files.getLastModifiedTime(function);
            Path marker = target.resolve(MARKER);
            if (Files.exists(marker) && Files.getLastModifiedTime(marker).equals(zipTime)) {
                return target;
            }
            unzip(function, target);
            Files.writeString(marker, function.toAbsolutePath().toString());
            Files.setLastModifiedTime(marker, zipTime);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + function, e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (var file = new ZipFile(zip.toFile())) {
            for (var entries = file.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (var in = file.getInputStream(entry)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
