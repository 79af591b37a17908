package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
            "--runtime", "java21",
            "--scaling-rate", "40",
            "--account-concurrency", "20",
            "--snap-start", "2",
            "--snapshot-load", "300ms",
            "--env", "TWINSTACK_TARGET=lambda"
        });

        assertEquals(3100, config.port());
        assertEquals(4, config.reservedConcurrency());
        assertEquals(1024, config.memoryMb());
        assertEquals(Duration.ofSeconds(20), config.timeout());
        assertEquals(Duration.ofMinutes(2), config.idleTimeout());
        assertEquals(Duration.ofMillis(500), config.abandonPeriod());
        assertEquals(LambdaRuntime.JAVA21, config.runtime());
        assertEquals(40, config.scalingRate());
        assertEquals(20, config.accountConcurrency());
        assertTrue(config.snapStart());
        assertEquals(Duration.ofMillis(300), config.snapshotLoad());
        assertEquals("lambda", config.environment().get("TWINSTACK_TARGET"));
        assertEquals(FunctionConfig.FUNCTION_HANDLER, config.handler());
    }

    @Test
    void rejectsAMissingFunction() {
        assertThrows(CommandLine.ParameterException.class, () -> Main.parse("--port", "3000"));
    }

    @Test
    void takesDurationsInTheProjectsOneSyntax() {
        var config = Main.parse("--function", dir.toString(), "--idle", "1h", "--integration-timeout", "90s");

        assertEquals(Duration.ofHours(1), config.idleTimeout());
        assertEquals(Duration.ofSeconds(90), config.integrationTimeout());
        var refused = assertThrows(
                CommandLine.ParameterException.class,
                () -> Main.parse("--function", dir.toString(), "--timeout", "15"));
        assertTrue(refused.getMessage().contains("500ms, 15s, 5m, 1h"), refused.getMessage());
    }

    @Test
    void defaultsToTheLibrarysSettingsOnPort3000() {
        var config = Main.parse("--function", dir.toString());
        var library =
                FunctionConfig.builder(dir, FunctionConfig.FUNCTION_HANDLER).build();

        assertEquals(3000, config.port());
        assertEquals(library.handler(), config.handler());
        assertEquals(library.functionName(), config.functionName());
        assertEquals(library.memoryMb(), config.memoryMb());
        assertEquals(library.reservedConcurrency(), config.reservedConcurrency());
        assertEquals(library.timeout(), config.timeout());
        assertEquals(library.initTimeout(), config.initTimeout());
        assertEquals(library.integrationTimeout(), config.integrationTimeout());
        assertEquals(library.idleTimeout(), config.idleTimeout());
        assertEquals(library.abandonPeriod(), config.abandonPeriod());
        assertEquals(library.scalingRate(), config.scalingRate());
        assertEquals(library.accountConcurrency(), config.accountConcurrency());
        assertEquals(library.runtime(), config.runtime());
        assertEquals(library.snapStart(), config.snapStart());
        assertEquals(library.restoreTimeout(), config.restoreTimeout());
        assertEquals(library.snapshotLoad(), config.snapshotLoad());
    }

    @Test
    void putsAJwtAuthorizerInFrontWithAllThreeJwtOptions() throws Exception {
        Path keys = Files.writeString(
                dir.resolve("keys.json"),
                new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString());

        var config = Main.parse(
                "--function",
                dir.toString(),
                "--jwt-issuer",
                "https://issuer.test/",
                "--jwt-audience",
                "twinstack-api",
                "--jwt-keys",
                keys.toString());

        assertEquals("https://issuer.test/", config.authorizer().issuer());
        assertEquals("twinstack-api", config.authorizer().audience());
        assertThrows(
                CommandLine.ParameterException.class,
                () -> Main.parse("--function", dir.toString(), "--jwt-issuer", "https://issuer.test/"));
    }

    @Test
    void keepsEverythingAfterTheFirstEqualsSignOfAnEnvironmentVariable() {
        var config = Main.parse("--function", dir.toString(), "--env", "URL=jdbc:postgresql://db/app?sslmode=disable");

        assertEquals(
                "jdbc:postgresql://db/app?sslmode=disable", config.environment().get("URL"));
    }

    @Test
    void refusesARuntimeLambdaDoesNotOfferWithSnapStart() {
        var refused = assertThrows(
                CommandLine.ParameterException.class,
                () -> Main.parse("--function", dir.toString(), "--runtime", "java8"));
        assertTrue(refused.getMessage().contains("java17, java21 or java25"), refused.getMessage());
    }

    @Test
    void refusesAMemorySizeLambdaDoesNotOffer() {
        var refused = assertThrows(
                CommandLine.ParameterException.class, () -> Main.parse("--function", dir.toString(), "--memory", "64"));
        assertTrue(refused.getMessage().contains("128..10240"), refused.getMessage());
    }

    @Test
    void printsEveryOptionWithItsDefault() {
        var out = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setUsageHelpWidth(200);

        assertEquals(0, commandLine.execute("-h"));

        String help = out.toString();
        var withoutDefault = new java.util.ArrayList<String>();
        for (var option : commandLine.getCommandSpec().options()) {
            String name = option.negatable() ? "--[no-]" + option.longestName().substring(2) : option.longestName();
            assertTrue(help.contains(name), name + " missing from\n" + help);
            String value = new Main.Defaults().defaultValue(option);
            if (value == null) {
                withoutDefault.add(option.longestName());
            } else {
                assertTrue(
                        help.contains("Default: " + value), option.longestName() + "'s default missing from\n" + help);
            }
        }
        assertEquals(
                java.util.List.of(
                        "--function",
                        "--java-home",
                        "--env",
                        "--pass-env",
                        "--records",
                        "--jwt-issuer",
                        "--jwt-audience",
                        "--jwt-keys",
                        "--help"),
                withoutDefault);
        for (String shown : new String[] {
            "Default: 3000",
            "Default: 15s",
            "Default: 10s",
            "Default: 30s",
            "Default: 5m",
            "Default: 1m",
            "Default: java25",
            "Default: 1000",
            "Default: " + FunctionConfig.FUNCTION_HANDLER
        }) {
            assertTrue(help.contains(shown), shown + " missing from\n" + help);
        }
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
