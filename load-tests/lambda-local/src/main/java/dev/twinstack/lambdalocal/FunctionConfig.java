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
 * @param runtime the managed runtime: its JVM options, and the Java major environments run on
 * @param javaHome the JDK environments run on (null: one of the runtime's major found on this machine, see
 *     {@link JavaHomes})
 * @param memoryMb the memory size: the heap follows it as on the managed runtime, and it sets each environment's CPU
 *     share and memory limit
 * @param timeout the function timeout
 * @param reservedConcurrency environments that may exist at once; invocations beyond are throttled
 * @param accountConcurrency the account's concurrency in the Region (Lambda's default quota: 1,000); the function never
 *     has more environments than this either
 * @param idleTimeout how long an environment sits idle before it is no longer routed to
 * @param abandonPeriod how long such an environment stays frozen (connections open) before it is killed
 * @param initTimeout the on-demand init phase's limit (10 s on Lambda); an init past it is stopped and runs again inside
 *     the first invocation, within the function timeout
 * @param scalingRate new environments (cold starts and restores) per 10 s, refilled continuously (Lambda: 1,000 per
 *     function); cold starts beyond are throttled
 * @param snapStart whether environments are restored from a published snapshot instead of initialised on demand
 * @param restoreTimeout the limit of a restore's after-restore hooks (10 s on Lambda)
 * @param snapshotLoad time added to each restore for loading the snapshot, which this service cannot show (0: none)
 * @param replenishCopies whether a restored snapshot copy is replaced at once by a new copy initialising in the
 *     background (the published number stays ready), or not (what was published is all there is: a restore that finds
 *     none ready waits for one to initialise). Lambda restores every environment from one snapshot and initialises
 *     nothing more, so a measurement that must not pay for copies initialising beside it publishes enough of them and
 *     turns this off
 * @param limitResources whether environments get their CPU share and memory limit where control groups allow it
 * @param integrationTimeout how long the HTTP front waits for the function (API Gateway's HTTP API: 30 s)
 * @param port the HTTP front's port (0: any free port)
 * @param environment the function's own environment variables (database URL and the like)
 * @param recordsFile where invocation records go as JSON lines (null: kept in memory only)
 * @param authorizer the HTTP front's JWT authorizer, as the template's HTTP API has one (null: none)
 * @param log where progress, the functions' output and the START/END/REPORT lines go
 */
public record FunctionConfig(
        Path functionDir,
        String handler,
        String functionName,
        LambdaRuntime runtime,
        Path javaHome,
        int memoryMb,
        Duration timeout,
        int reservedConcurrency,
        int accountConcurrency,
        Duration idleTimeout,
        Duration abandonPeriod,
        Duration initTimeout,
        int scalingRate,
        boolean snapStart,
        Duration restoreTimeout,
        Duration snapshotLoad,
        boolean replenishCopies,
        boolean limitResources,
        Duration integrationTimeout,
        int port,
        Map<String, String> environment,
        Path recordsFile,
        JwtAuthorizer authorizer,
        Consumer<String> log) {

    /**
     * The handler of Twinstack's function (deploy-lambda's template): Quarkus's stream handler, then the invocation's
     * spans flushed.
     */
    public static final String FUNCTION_HANDLER = "dev.twinstack.lambda.FunctionHandler::handleRequest";

    /** The window Lambda's scaling rate is given in: 1,000 environments every 10 seconds. */
    public static final Duration SCALING_WINDOW = Duration.ofSeconds(10);

    public FunctionConfig {
        Objects.requireNonNull(functionDir, "functionDir");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(runtime, "runtime");
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new IllegalArgumentException("memory must be 128..10240 MB, as on Lambda: " + memoryMb);
        }
        if (reservedConcurrency < 1 || accountConcurrency < 1) {
            throw new IllegalArgumentException(
                    "concurrency must be at least 1: " + reservedConcurrency + ", account " + accountConcurrency);
        }
        if (scalingRate < 1) {
            throw new IllegalArgumentException(
                    "the scaling rate must be at least 1 environment per 10 s: " + scalingRate);
        }
        // environments start inside it and are told where it is: a relative path would mean two different places
        functionDir = functionDir.toAbsolutePath();
        environment = Map.copyOf(environment);
    }

    public static Builder builder(Path functionDir, String handler) {
        return new Builder(functionDir, handler);
    }

    /** The most environments the function has at once: its reserved concurrency, within the account's. */
    public int concurrencyLimit() {
        return Math.min(reservedConcurrency, accountConcurrency);
    }

    /**
     * Defaults follow Lambda's: the java25 runtime (the template's), 512 MB, 15 s timeout, 10 s init, 10 s for
     * after-restore hooks, 1,000 new environments per 10 s, an account concurrency of 1,000, 30 s integration timeout.
     */
    public static final class Builder {
        private final Path functionDir;
        private final String handler;
        private String functionName = "twinstack";
        private LambdaRuntime runtime = LambdaRuntime.JAVA25;
        private Path javaHome;
        private int memoryMb = 512;
        private Duration timeout = Duration.ofSeconds(15);
        private int reservedConcurrency = 10;
        private int accountConcurrency = 1000;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration abandonPeriod = Duration.ofMinutes(1);
        private Duration initTimeout = Duration.ofSeconds(10);
        private int scalingRate = 1000;
        private boolean snapStart;
        private Duration restoreTimeout = Duration.ofSeconds(10);
        private Duration snapshotLoad = Duration.ZERO;
        private boolean replenishCopies = true;
        private boolean limitResources = true;
        private Duration integrationTimeout = Duration.ofSeconds(30);
        private int port;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path recordsFile;
        private JwtAuthorizer authorizer;
        private Consumer<String> log = System.out::println;

        private Builder(Path functionDir, String handler) {
            this.functionDir = functionDir;
            this.handler = handler;
        }

        public Builder functionName(String value) {
            functionName = value;
            return this;
        }

        public Builder runtime(LambdaRuntime value) {
            runtime = value;
            return this;
        }

        public Builder javaHome(Path value) {
            javaHome = value;
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

        public Builder accountConcurrency(int value) {
            accountConcurrency = value;
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

        public Builder scalingRate(int environmentsPerTenSeconds) {
            scalingRate = environmentsPerTenSeconds;
            return this;
        }

        public Builder snapStart(boolean value) {
            snapStart = value;
            return this;
        }

        public Builder restoreTimeout(Duration value) {
            restoreTimeout = value;
            return this;
        }

        public Builder snapshotLoad(Duration value) {
            snapshotLoad = value;
            return this;
        }

        public Builder replenishCopies(boolean value) {
            replenishCopies = value;
            return this;
        }

        public Builder limitResources(boolean value) {
            limitResources = value;
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

        public Builder authorizer(JwtAuthorizer value) {
            authorizer = value;
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
                    runtime,
                    javaHome,
                    memoryMb,
                    timeout,
                    reservedConcurrency,
                    accountConcurrency,
                    idleTimeout,
                    abandonPeriod,
                    initTimeout,
                    scalingRate,
                    snapStart,
                    restoreTimeout,
                    snapshotLoad,
                    replenishCopies,
                    limitResources,
                    integrationTimeout,
                    port,
                    environment,
                    recordsFile,
                    authorizer,
                    log);
        }
    }
}
