package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The repacked function.zip against the one Quarkus built (function-untrimmed.zip): every file and every jar entry is
 * there with the same contents, except the jars left out on purpose, and the jars' entries are stored, so that the
 * zip's own deflate compresses across classes (README, "A lean function.zip").
 */
class FunctionZipPackingIT {

    private static final Path TARGET = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final String LEFT_OUT = "lib/net.bytebuddy.byte-buddy-";

    @Test
    void keepsEveryClassAndResourceOfWhatItDoesNotLeaveOut() throws IOException {
        Map<String, Long> built = contents(TARGET.resolve("function-untrimmed.zip"));
        built.keySet().removeIf(name -> name.startsWith(LEFT_OUT));

        Map<String, Long> packaged = contents(TARGET.resolve("function.zip"));

        assertEquals(built, packaged);
    }

    @Test
    void storesTheEntriesOfItsJars() throws IOException {
        try (ZipFile zip = new ZipFile(TARGET.resolve("function.zip").toFile())) {
            long jars = zip.stream()
                    .filter(e -> e.getName().endsWith(".jar"))
                    .peek(jar -> {
                        try (ZipInputStream in = new ZipInputStream(zip.getInputStream(jar))) {
                            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                                assertEquals(ZipEntry.STORED, entry.getMethod(), jar.getName() + "!" + entry.getName());
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .count();
            assertTrue(jars > 100, "only " + jars + " jars");
        }
    }

    /** Every file's CRC by name, and every jar entry's as {@code jar!entry}; directories left out. */
    private static Map<String, Long> contents(Path zipFile) throws IOException {
        Map<String, Long> contents = new TreeMap<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (ZipEntry file : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                if (!file.getName().endsWith(".jar")) {
                    contents.put(file.getName(), file.getCrc());
                    continue;
                }
                try (InputStream raw = zip.getInputStream(file);
                        ZipInputStream jar = new ZipInputStream(raw)) {
                    for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
                        if (!entry.isDirectory()) {
                            CRC32 crc = new CRC32();
                            crc.update(jar.readAllBytes());
                            contents.put(file.getName() + "!" + entry.getName(), crc.getValue());
                        }
                    }
                }
            }
        }
        return contents;
    }
}
