package dev.twinstack.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The settings a built artifact runs with, read from the artifact itself (an unpacked function.zip or server build):
 * its {@code application.properties} files, the one with the highest {@code config_ordinal} winning per key as
 * Quarkus resolves them. The lab predicts connection bounds from these, never from copies of the numbers.
 */
final class BuildSettings {

    private final List<Properties> byOrdinalDescending;

    private BuildSettings(List<Properties> byOrdinalDescending) {
        this.byOrdinalDescending = byOrdinalDescending;
    }

    static BuildSettings of(Path artifactDir) {
        try (Stream<Path> files = Files.walk(artifactDir)) {
            List<Properties> found = files.filter(p -> p.toString().endsWith(".jar"))
                    .map(BuildSettings::applicationProperties)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparingInt(BuildSettings::ordinal).reversed())
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no application.properties in the jars under " + artifactDir);
            }
            return new BuildSettings(found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + artifactDir, e);
        }
    }

    /** The value for the production profile: {@code %prod.key} first, then {@code key}, highest ordinal first. */
    Optional<String> get(String key) {
        for (Properties p : byOrdinalDescending) {
            String value = p.getProperty("%prod." + key, p.getProperty(key));
            if (value != null) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    int getInt(String key) {
        return Integer.parseInt(get(key).orElseThrow(() -> new IllegalStateException("the build does not set " + key)));
    }

    private static int ordinal(Properties p) {
        return Integer.parseInt(p.getProperty("config_ordinal", "250").trim());
    }

    private static Optional<Properties> applicationProperties(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry("application.properties");
            if (entry == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
                p.load(in);
            }
            return Optional.of(p);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
