package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options become the function's configuration, a function.zip is unpacked once. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryOption() {
        var config = Main.parse(new String[] {
            "--function", dir.toString(),
            "--port", "3100",
            "--concurrency", "4",
            "--memory", "1024",
            "--timeout", "20s",
            "--idle", "2m",
            "--abandon", "500ms",
            "--env", "TWINSTACK_TARGET=lambda"
        });

        assertEquals(3100, config.port());
        assertEquals(4, config.reservedConcurrency());
        assertEquals(1024, config.memoryMb());
        assertEquals(Duration.ofSeconds(20), config.timeout());
        assertEquals(Duration.ofMinutes(2), config.idleTimeout());
        assertEquals(Duration.ofMillis(500), config.abandonPeriod());
        assertEquals("lambda", config.environment().get("TWINSTACK_TARGET"));
        assertEquals(FunctionConfig.QUARKUS_HANDLER, config.handler());
    }

    @Test
    void rejectsAMissingFunction() {
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--port", "3000"}));
    }

    @Test
    void unpacksAFunctionZipBesideItOnce() throws IOException {
        Path zip = dir.resolve("function.zip");
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("lib/a.jar"));
            out.write(new byte[] {1});
            out.closeEntry();
        }

        Path unpacked = FunctionPackage.prepare(zip);
        Files.delete(unpacked.resolve("lib/a.jar"));

        assertEquals(dir.resolve("function-unpacked"), unpacked);
        assertEquals(unpacked, FunctionPackage.prepare(zip));
        assertTrue(Files.notExists(unpacked.resolve("lib/a.jar")), "unpacked again although the zip did not change");
    }
}
