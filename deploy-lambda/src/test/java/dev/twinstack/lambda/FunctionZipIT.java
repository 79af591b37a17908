package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trimmed function.zip itself, started as Lambda's Java runtime starts it: unpacked, its root and {@code lib/*.jar}
 * on a class path of their own (nothing from this build's class path), the handler invoked with raw event bytes. It
 * is initialised while the database is down.
 */
class FunctionZipIT {

    private static final Path TARGET = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final String HANDLER = "dev.twinstack.lambda.FunctionHandler";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MigratedPostgres database;
    private static URLClassLoader function;
    private static Object handler;
    private static Method handleRequest;
    private static Object context;

    @BeforeAll
    static void startTheFunction() throws Exception {
        database = new MigratedPostgres();
        Map<String, String> config = database.start();
        config.forEach(System::setProperty);
        // The function's production settings, except TLS to the local database. Span export stays on (OTLP/HTTP to a
        // localhost collector that is not there): the trimmed zip must serve with its telemetry path loaded.
        System.setProperty("quarkus.datasource.jdbc.additional-jdbc-properties.sslmode", "disable");

        function = classLoaderOf(unpack(TARGET.resolve("function.zip"), TARGET.resolve("function-it")));
        Class<?> contextType = function.loadClass("com.amazonaws.services.lambda.runtime.Context");
        context = Proxy.newProxyInstance(
                function, new Class<?>[] {contextType}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> UUID.randomUUID().toString();
                    case "getRemainingTimeInMillis" -> 15_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getFunctionName", "getLogGroupName", "getLogStreamName" -> "twinstack";
                    case "getFunctionVersion" -> "1";
                    default -> null;
                });
        Class<?> handlerType = function.loadClass(HANDLER);
        handleRequest = handlerType.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
        // Init never needs the database: the function starts while it is down and serves once it is back.
        database.database().stop();
        try {
            withFunctionClassLoader(() -> handler = handlerType.getConstructor().newInstance());
        } finally {
            database.database().start();
        }
    }

    /** The function's class loader stays open: Quarkus shuts the function down from a JVM shutdown hook, with it. */
    @AfterAll
    static void stop() {
        if (database != null) {
            database.stop();
        }
    }

    @Test
    void packagedFunctionCreatesAndReadsAUser() throws Exception {
        String email = "zip-" + UUID.randomUUID() + "@example.com";

        JsonNode created = invoke("POST", "/api/users", "{\"email\":\"%s\",\"name\":\"Zip\"}".formatted(email));
        long id = JSON.readTree(created.get("body").asText()).get("id").asLong();
        JsonNode read = invoke("GET", "/api/users/" + id, null);

        assertEquals(201, created.get("statusCode").asInt(), created::toString);
        assertEquals(200, read.get("statusCode").asInt(), read::toString);
        assertEquals(
                email, JSON.readTree(read.get("body").asText()).get("email").asText());
    }

    @Test
    void packagedFunctionHasNoByteBuddyNorRdsClientModel() {
        assertThrows(ClassNotFoundException.class, () -> function.loadClass("net.bytebuddy.ByteBuddy"));
        assertThrows(
                ClassNotFoundException.class,
                () -> function.loadClass("software.amazon.awssdk.services.rds.model.DBInstance"));
    }

    /** The OpenAPI document is left out of the function (README, "Memory at 512 MB"): no model, no YAML, no route. */
    @Test
    void packagedFunctionHasNoOpenApiDocument() throws Exception {
        JsonNode document = invoke("GET", "/q/openapi", null);

        assertEquals(404, document.get("statusCode").asInt(), document::toString);
        assertThrows(ClassNotFoundException.class, () -> function.loadClass("io.smallrye.openapi.api.SmallRyeOpenAPI"));
        assertThrows(ClassNotFoundException.class, () -> function.loadClass("org.yaml.snakeyaml.Yaml"));
    }

    private static JsonNode invoke(String method, String path, String body) throws Exception {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", "$default")
                .put("rawPath", path)
                .put("rawQueryString", "")
                .put("isBase64Encoded", false);
        event.putObject("headers").put("content-type", "application/json").put("accept", "application/json");
        if (body != null) {
            event.put("body", body);
        }
        ObjectNode context = event.putObject("requestContext")
                .put("requestId", UUID.randomUUID().toString());
        context.putObject("http").put("method", method).put("path", path).put("sourceIp", "192.0.2.20");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        withFunctionClassLoader(() -> handleRequest.invoke(
                handler,
                new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
                out,
                FunctionZipIT.context));
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void withFunctionClassLoader(Step step) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(function);
        try {
            step.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The unpacked function's own classes and its {@code lib/} jars, as Lambda's class path has them, over the JDK's
     * platform classes alone: nothing of the build's class path can stand in for what the zip left out.
     */
    static URLClassLoader classLoaderOf(Path root) throws IOException {
        List<URL> classPath = new ArrayList<>();
        classPath.add(root.toUri().toURL());
        try (Stream<Path> jars = Files.list(root.resolve("lib"))) {
            for (Path jar : jars.sorted().toList()) {
                classPath.add(jar.toUri().toURL());
            }
        }
        return new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /**
     * Unpacks {@code zip} into an emptied {@code into} as Lambda does, refusing entries that would land outside it.
     * Emptied first: a jar left from an earlier build must not stand in for one the packaging left out.
     */
    static Path unpack(Path zip, Path into) throws IOException {
        if (Files.exists(into)) {
            try (Stream<Path> previous = Files.walk(into)) {
                for (Path path : previous.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(into);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }
}
