package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resolution rules Quarkus applies, each on a small class path written here. */
class EffectiveConfigTest {

    private static final String POOL = "quarkus.datasource.jdbc.max-size";

    /** A shared file as app's: no ordinal of its own (250), production values and %test ones. */
    private static final String SHARED = """
            quarkus.datasource.jdbc.max-size=10
            quarkus.datasource.jdbc.min-size=0
            %test.quarkus.datasource.jdbc.min-size=1
            %migrate.quarkus.datasource.jdbc.min-size=3
            quarkus.application.name=twinstack
            twinstack.label=${quarkus.application.name}-${twinstack.target}
            twinstack.target=server
            """;

    /** A target's file as a deploy module's: ordinal 260, only what differs. */
    private static final String TARGET = """
            config_ordinal=260
            quarkus.datasource.jdbc.max-size=8
            twinstack.target=kubernetes
            quarkus.shutdown.delay=5S
            """;

    @TempDir
    Path dir;

    @Test
    void takesTheHigherOrdinalWhateverTheClassPathOrder() throws IOException {
        Path shared = directory("shared", SHARED);
        Path target = directory("target", TARGET);

        assertEquals("8", EffectiveConfig.ofClassPath(List.of(shared, target)).require(POOL));
        assertEquals("8", EffectiveConfig.ofClassPath(List.of(target, shared)).require(POOL));
    }

    @Test
    void readsTheProductionProfileUnlessTold() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("shared", SHARED)));

        assertEquals(List.of("prod"), config.profiles());
        assertEquals("0", config.require("quarkus.datasource.jdbc.min-size"));
        assertEquals("1", config.withProfile("test").require("quarkus.datasource.jdbc.min-size"));
    }

    @Test
    void letsAHigherOrdinalWinOverAProfileValueBelowIt() throws IOException {
        Path shared = directory("shared", "%prod." + POOL + "=12\n" + POOL + "=10\n");
        Path target = directory("target", TARGET);

        // %prod in the 250 file loses to the plain key in the 260 file, as in Quarkus.
        assertEquals("8", EffectiveConfig.ofClassPath(List.of(shared, target)).require(POOL));
        // Within one file, the profile's key wins.
        assertEquals("12", EffectiveConfig.ofClassPath(List.of(shared)).require(POOL));
    }

    @Test
    void mapsEnvironmentVariablesAsQuarkusDoesAboveTheFiles() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("shared", SHARED), directory("target", TARGET)));

        var fromEnv = config.withEnvironment(Map.of("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "5"));
        var fromProfileEnv = config.withEnvironment(Map.of("_PROD_QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "6"));

        assertEquals("5", fromEnv.require(POOL));
        assertEquals(new EffectiveConfig.Setting(POOL, "5", "environment", 300), fromEnv.setting(POOL));
        assertEquals("6", fromProfileEnv.require(POOL));
    }

    @Test
    void putsSystemPropertiesAboveTheEnvironment() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("target", TARGET)))
                .withEnvironment(Map.of("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "5"))
                .withSystemProperties(Map.of(POOL, "4"));

        assertEquals(new EffectiveConfig.Setting(POOL, "4", "system properties", 400), config.setting(POOL));
    }

    @Test
    void switchesProfileWhenTheEnvironmentSaysSo() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("shared", SHARED)))
                .withEnvironment(Map.of("QUARKUS_PROFILE", "migrate"));

        assertEquals(List.of("migrate"), config.profiles());
        assertEquals("3", config.require("quarkus.datasource.jdbc.min-size"));
    }

    @Test
    void switchesProfileWithASystemProperty() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("shared", SHARED)))
                .withSystemProperties(Map.of("quarkus.profile", "test"));

        assertEquals("1", config.require("quarkus.datasource.jdbc.min-size"));
    }

    @Test
    void expandsExpressionsAcrossFiles() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("shared", SHARED), directory("target", TARGET)));

        assertEquals("twinstack-kubernetes", config.require("twinstack.label"));
    }

    @Test
    void listsEveryDefinitionWinnerFirst() throws IOException {
        Path shared = directory("shared", SHARED);
        Path target = directory("target", TARGET);
        var config = EffectiveConfig.ofClassPath(List.of(shared, target));

        var definitions = config.definitions(POOL);

        assertEquals(2, definitions.size());
        assertEquals(config.setting(POOL), definitions.get(0));
        assertEquals(260, definitions.get(0).ordinal());
        assertEquals(
                new EffectiveConfig.Setting(
                        POOL, "10", shared.resolve("application.properties").toString(), 250),
                definitions.get(1));
    }

    @Test
    void readsAnUnpackedFunctionZipAndAQuarkusAppDirectory() throws IOException {
        Path function = dir.resolve("function");
        Files.createDirectories(function.resolve("lib"));
        Files.writeString(function.resolve("application.properties"), TARGET);
        jar(function.resolve("lib/app.jar"), SHARED);
        Path server = dir.resolve("quarkus-app");
        Files.createDirectories(server.resolve("app"));
        Files.createDirectories(server.resolve("lib/main"));
        Files.createDirectories(server.resolve("lib/deployment"));
        jar(server.resolve("app/server.jar"), TARGET);
        jar(server.resolve("lib/main/app.jar"), SHARED);
        jar(server.resolve("lib/deployment/dev-only.jar"), "config_ordinal=999\n" + POOL + "=99\n");

        var fromFunction = EffectiveConfig.ofArtifact(function);
        var fromServer = EffectiveConfig.ofArtifact(server);

        assertEquals("8", fromFunction.require(POOL));
        assertEquals("twinstack", fromFunction.require("quarkus.application.name"));
        assertEquals(
                List.of("application.properties", "lib/app.jar!/application.properties"), fromFunction.locations());
        assertEquals("8", fromServer.require(POOL));
        assertEquals(2, fromServer.locations().size(), "the dev-mode jars are not on the class path");
    }

    @Test
    void readsWhatAClassLoaderSees() throws IOException {
        var config = EffectiveConfig.ofClassLoader(new java.net.URLClassLoader(
                new java.net.URL[] {
                    directory("shared", SHARED).toUri().toURL(),
                    directory("target", TARGET).toUri().toURL()
                },
                null));

        assertEquals("8", config.require(POOL));
    }

    @Test
    void namesWhatIsMissing() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("target", TARGET)));

        var error = assertThrows(NoSuchElementException.class, () -> config.require("quarkus.http.port"));

        assertTrue(error.getMessage().contains("quarkus.http.port"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EffectiveConfig.ofClassPath(List.of(dir)));
    }

    @Test
    void readsWholeNumbers() throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("target", TARGET)));

        assertEquals(8, config.intValue(POOL));
        assertThrows(IllegalArgumentException.class, () -> config.intValue("twinstack.target"));
    }

    @ParameterizedTest
    @CsvSource({
        "5S,PT5S",
        "5s,PT5S",
        "15,PT15S",
        "500ms,PT0.5S",
        "5M,PT5M",
        "1h,PT1H",
        "2d,PT48H",
        "PT1M,PT1M",
        "1H30M,PT1H30M",
        "1.5S,PT1.5S"
    })
    void readsDurationsAsQuarkusDoes(String written, String meant) throws IOException {
        var config = EffectiveConfig.ofClassPath(List.of(directory("d", "x=" + written + "\n")));

        assertEquals(Duration.parse(meant), config.duration("x"));
    }

    @Test
    void mapsPropertyNamesToEnvironmentNames() {
        assertEquals("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", EffectiveConfig.environmentName(POOL));
        assertEquals(
                "QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_PREPARETHRESHOLD",
                EffectiveConfig.environmentName("quarkus.datasource.jdbc.additional-jdbc-properties.prepareThreshold"));
    }

    private Path directory(String name, String properties) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("application.properties"), properties);
        return d;
    }

    private static void jar(Path path, String properties) throws IOException {
        try (OutputStream out = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("application.properties"));
            jar.write(properties.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }
}
