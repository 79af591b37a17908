package dev.twinstack.lambdalocal;

import dev.twinstack.lambdalocal.testfunction.ProbeHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The probe function laid out as an unpacked function.zip (classes at the root), and helpers to call it through the
 * HTTP front.
 */
final class TestFunction {

    static final String HANDLER = ProbeHandler.class.getName() + "::handleRequest";
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Longer than any integration timeout the tests set: the service answers first. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);

    private static Path directory;

    private TestFunction() {}

    /**
     * The unpacked function: the probe's classes at the root and the org.crac API in {@code lib/}, as in a function.zip,
     * copied out of test-classes and the test class path once.
     */
    static synchronized Path directory() {
        if (directory != null) {
            return directory;
        }
        try {
            Path classes = Path.of(ProbeHandler.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path target = classes.getParent().resolve("probe-function");
            String packagePath = ProbeHandler.class.getPackageName().replace('.', '/');
            Path destination = target.resolve(packagePath);
            Files.createDirectories(destination);
            try (Stream<Path> files = Files.list(classes.resolve(packagePath))) {
                for (Path file : files.toList()) {
                    Files.copy(file, destination.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path crac = Path.of(org.crac.Core.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Files.createDirectories(target.resolve("lib"));
            Files.copy(crac, target.resolve("lib").resolve(crac.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            directory = target;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defaults for the tests: small environments, short timeouts, the log captured in {@code log}. */
    static FunctionConfig.Builder config(List<String> log) {
        return config(log, HANDLER);
    }

    static FunctionConfig.Builder config(List<String> log, String handler) {
        return FunctionConfig.builder(directory(), handler)
                .functionName("probe")
                .memoryMb(256)
                .reservedConcurrency(3)
                .timeout(Duration.ofSeconds(10))
                .initTimeout(Duration.ofSeconds(30))
                .log(line -> {
                    log.add(line);
                    System.out.println(line);
                });
    }

    static List<String> newLog() {
        return new CopyOnWriteArrayList<>();
    }

    static HttpResponse<String> get(LocalLambda lambda, String path) {
        return send(
                lambda, HttpRequest.newBuilder(lambda.endpoint().resolve(path)).GET());
    }

    /** Invokes the function directly, as Lambda's Invoke API would, with a payload-2.0 event for {@code rawPath}. */
    static InvocationResult invoke(LocalLambda lambda, String rawPath) {
        try {
            return lambda.invoke(
                    ("{\"version\":\"2.0\",\"rawPath\":\"" + rawPath + "\"}").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(LocalLambda lambda, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The records once there are {@code count}: a record is written after its response is sent (it holds the latency
     * the client saw), so it may trail the response a little.
     */
    static List<InvocationRecord> records(LocalLambda lambda, int count) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> lambda.records().size() >= count);
        return lambda.records();
    }

    /** The first record that matches, once it is there. */
    static InvocationRecord record(LocalLambda lambda, java.util.function.Predicate<InvocationRecord> matching) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> lambda.records().stream().filter(matching).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /**
     * The first log line that matches, once it is there: REPORT and other platform lines are written once the runtime
     * has its answer, so they may trail the client's response a little.
     */
    static String line(List<String> log, java.util.function.Predicate<String> matching) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> log.stream().filter(matching).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** The REPORT line of one invocation, once it is there. */
    static String report(List<String> log, String requestId) {
        return line(log, l -> l.startsWith("REPORT RequestId: " + requestId + "\t"));
    }

    static URI uri(LocalLambda lambda, String path) {
        return lambda.endpoint().resolve(path);
    }
}
