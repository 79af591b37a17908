package dev.twinstack.lambdalocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one function is run: its unpacked code, its Lambda settings and the local front's port.
 *
 * @param functionDir the unpacked function.zip; each environment's JVM starts inside it
 * @param handler the handler string Lambda would get ({@code _HANDLER})
 * @param functionName the function's name, as in its ARN and log group
 * @param memoryMb the memory size; the heap follows it as on the managed runtime
 * @param timeout the function timeout
 * @param reservedConcurrency environments that may exist at once; invocations beyond are throttled
 * @param idleTimeout how long an environment sits idle before it is no longer routed to
 * @param abandonPeriod how long such an environment stays frozen (connections open) before it is killed
 * @param initTimeout the init phase's limit (10 s on Lambda); an init past it may go on for one function timeout more,
 *     as Lambda re-runs such an init inside the first invocation
 * @param scaleOutPerSecond new environments allowed per second (0: unlimited); cold starts beyond are throttled
 * @param integrationTimeout how long the HTTP front waits for the function (API Gateway's HTTP API: 30 s)
 * @param port the HTTP front's port (0: any free port)
 * @param environment the function's own environment variables (database URL and the like)
 * @param recordsFile where invocation records go as JSON lines (null: kept in memory only)
 * @param log where progress, the functions' output and the START/END/REPORT lines go
 */
public record FunctionConfig(
        Path functionDir,
        String handler,
        String functionName,
        int memoryMb,
        Duration timeout,
        int reservedConcurrency,
        Duration idleTimeout,
        Duration abandonPeriod,
        Duration initTimeout,
        double scaleOutPerSecond,
        Duration integrationTimeout,
        int port,
        Map<String, String> environment,
        Path recordsFile,
        Consumer<String> log) {

    /** The handler of a Quarkus function built with quarkus-amazon-lambda-http. */
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    public FunctionConfig {
        Objects.requireNonNull(functionDir, "functionDir");
        Objects.requireNonNull(handler, "handler");
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new IllegalArgumentException("memory must be 128..10240 MB, as on Lambda: " + memoryMb);
        }
        if (reservedConcurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + reservedConcurrency);
        }
        // environments start inside it and are told where it is: a relative path would mean two different places
        functionDir = functionDir.toAbsolutePath();
        environment = Map.copyOf(environment);
    }

    public static Builder builder(Path functionDir, String handler) {
        return new Builder(functionDir, handler);
    }

    /** Defaults follow Lambda's: 512 MB, 15 s timeout, 10 s init, 30 s integration timeout. */
    public static final class Builder {
        private final Path functionDir;
        private final String handler;
        private String functionName = "twinstack";
        private int memoryMb = 512;
        private Duration timeout = Duration.ofSeconds(15);
        private int reservedConcurrency = 10;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration abandonPeriod = Duration.ofMinutes(1);
        private Duration initTimeout = Duration.ofSeconds(10);
        private double scaleOutPerSecond;
        private Duration integrationTimeout = Duration.ofSeconds(30);
        private int port;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path recordsFile;
        private Consumer<String> log = System.out::println;

        private Builder(Path functionDir, String handler) {
            this.functionDir = functionDir;
            this.handler = handler;
        }

        public Builder functionName(String value) {
            functionName = value;
            return this;
        }

        public Builder memoryMb(int value) {
            memoryMb = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder reservedConcurrency(int value) {
            reservedConcurrency = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder abandonPeriod(Duration value) {
            abandonPeriod = value;
            return this;
        }

        public Builder initTimeout(Duration value) {
            initTimeout = value;
            return this;
        }

        public Builder scaleOutPerSecond(double value) {
            scaleOutPerSecond = value;
            return this;
        }

        public Builder integrationTimeout(Duration value) {
            integrationTimeout = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder recordsFile(Path value) {
            recordsFile = value;
            return this;
        }

        public Builder log(Consumer<String> value) {
            log = value;
            return this;
        }

        public FunctionConfig build() {
            return new FunctionConfig(
                    functionDir,
                    handler,
                    functionName,
                    memoryMb,
                    timeout,
                    reservedConcurrency,
                    idleTimeout,
                    abandonPeriod,
                    initTimeout,
                    scaleOutPerSecond,
                    integrationTimeout,
                    port,
                    environment,
                    recordsFile,
                    log);
        }
    }
}
