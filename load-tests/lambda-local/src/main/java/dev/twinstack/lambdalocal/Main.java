package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The local Lambda service from the command line; {@code -h} lists every option with its default.
 *
 * <pre>
 * java -cp ... dev.twinstack.lambdalocal.Main --function target/function.zip --port 3000 --concurrency 10
 *     --memory 512 --timeout 15s --idle 5m --abandon 1m --env QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://...
 * </pre>
 */
@Command(
        name = "lambda-local",
        sortOptions = false,
        showDefaultValues = true,
        defaultValueProvider = Main.Defaults.class,
        description = "Runs a Lambda function (function.zip or its unpacked directory) as Lambda runs it, behind an "
                + "HTTP API-like front.",
        footer = "Durations: a whole number and a unit: 500ms, 15s, 5m, 1h.")
public final class Main implements Callable<Integer> {

    /** The command line's port when none is given; everything else defaults as {@link FunctionConfig.Builder}. */
    static final int DEFAULT_PORT = 3000;

    /** How long publishing SnapStart copies may take on this machine before the service gives up. */
    static final Duration PUBLISH_PATIENCE = Duration.ofMinutes(15);

    @Option(names = "--function", required = true, paramLabel = "<function.zip|dir>", description = "the function")
    Path function;

    @Option(names = "--handler", paramLabel = "<class::method>", description = "the handler (_HANDLER)")
    String handler;

    @Option(names = "--name", paramLabel = "<name>", description = "the function's name")
    String name;

    @Option(
            names = "--runtime",
            paramLabel = "<runtime>",
            converter = RuntimeConverter.class,
            description = "the managed runtime: java17, java21 or java25")
    LambdaRuntime runtime;

    @Option(
            names = "--java-home",
            paramLabel = "<dir>",
            description = "the JDK environments run on (default: one of the runtime's Java version found here)")
    Path javaHome;

    @Option(names = "--port", paramLabel = "<port>", description = "the HTTP front's port")
    int port;

    @Option(names = "--concurrency", paramLabel = "<n>", description = "reserved concurrency")
    int concurrency;

    @Option(names = "--memory", paramLabel = "<MB>", description = "memory size")
    int memory;

    @Option(names = "--timeout", paramLabel = "<duration>", description = "function timeout")
    Duration timeout;

    @Option(names = "--init-timeout", paramLabel = "<duration>", description = "init phase limit")
    Duration initTimeout;

    @Option(names = "--integration-timeout", paramLabel = "<duration>", description = "HTTP API integration timeout")
    Duration integrationTimeout;

    @Option(names = "--idle", paramLabel = "<duration>", description = "idle time before an environment is abandoned")
    Duration idle;

    @Option(
            names = "--abandon",
            paramLabel = "<duration>",
            description = "time an abandoned environment stays frozen before it is killed")
    Duration abandon;

    @Option(names = "--account-concurrency", paramLabel = "<n>", description = "the account's concurrency")
    int accountConcurrency;

    @Option(
            names = "--scaling-rate",
            paramLabel = "<n per 10s>",
            description = "new environments per 10 seconds, refilled continuously")
    int scalingRate;

    @Option(
            names = "--snap-start",
            paramLabel = "<copies>",
            description = "SnapStart: publish this many snapshot copies before serving (0: on-demand init)")
    int snapStart;

    @Option(
            names = "--replenish",
            negatable = true,
            description = "SnapStart: replace each restored copy by a new one initialising in the background"
                    + " (--no-replenish: what was published is all there is; a restore that finds none ready waits)."
                    + " Default: ${DEFAULT-VALUE}")
    boolean replenish;

    @Option(names = "--restore-timeout", paramLabel = "<duration>", description = "limit of the after-restore hooks")
    Duration restoreTimeout;

    @Option(
            names = "--snapshot-load",
            paramLabel = "<duration>",
            description = "time added to each restore for loading the snapshot")
    Duration snapshotLoad;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "a function environment variable (repeatable)")
    Map<String, String> environment;

    @Option(
            names = "--pass-env",
            split = ",",
            paramLabel = "NAME",
            description = "pass these variables from this shell when set (keeps secrets off the command line)")
    List<String> passEnvironment;

    @Option(names = "--records", paramLabel = "<file>", description = "invocation records as JSON lines")
    Path records;

    @Option(
            names = "--jwt-issuer",
            paramLabel = "<iss>",
            description = "verify bearer tokens as the template's HTTP API JWT authorizer, from this issuer (with"
                    + " --jwt-audience and --jwt-keys)")
    String jwtIssuer;

    @Option(names = "--jwt-audience", paramLabel = "<aud>", description = "the audience a token must name")
    String jwtAudience;

    @Option(names = "--jwt-keys", paramLabel = "<file>", description = "the issuer's public keys (JWKS, JWK or PEM)")
    Path jwtKeys;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print the options and their defaults, and exit")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).registerConverter(Duration.class, new Durations.Converter());
    }

    /** The configuration the arguments describe; a bad argument is a {@link CommandLine.ParameterException}. */
    static FunctionConfig parse(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.parseArgs(args);
        return commandLine.<Main>getCommand().config();
    }

    @Override
    public Integer call() throws InterruptedException {
        FunctionConfig config = config();
        var stopped = new CountDownLatch(1);
        var lambda = LocalLambda.start(config);
        if (snapStart > 0) {
            lambda.publish(snapStart, PUBLISH_PATIENCE);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lambda.close();
            stopped.countDown();
        }));
        System.out.printf(
                Locale.ROOT,
                "lambda-local: %s (%s) on %s: %d MB, timeout %s, reserved concurrency %d, idle %s, abandon %s%n",
                config.functionName(),
                config.functionDir(),
                lambda.endpoint(),
                config.memoryMb(),
                Durations.format(config.timeout()),
                config.reservedConcurrency(),
                Durations.format(config.idleTimeout()),
                Durations.format(config.abandonPeriod()));
        System.out.println("lambda-local: ready; environments start on the first requests. Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }

    private FunctionConfig config() {
        try {
            var builder = FunctionConfig.builder(FunctionPackage.prepare(function), handler)
                    .functionName(name)
                    .runtime(runtime)
                    .javaHome(javaHome)
                    .port(port)
                    .reservedConcurrency(concurrency)
                    .accountConcurrency(accountConcurrency)
                    .memoryMb(memory)
                    .timeout(timeout)
                    .initTimeout(initTimeout)
                    .integrationTimeout(integrationTimeout)
                    .idleTimeout(idle)
                    .abandonPeriod(abandon)
                    .scalingRate(scalingRate)
                    .snapStart(snapStart > 0)
                    .restoreTimeout(restoreTimeout)
                    .snapshotLoad(snapshotLoad)
                    .replenishCopies(replenish)
                    .recordsFile(records)
                    .log(System.out::println);
            if (environment != null) {
                environment.forEach(builder::environment);
            }
            for (String variable : passEnvironment == null ? List.<String>of() : passEnvironment) {
                String value = System.getenv(variable.trim());
                if (value != null) {
                    builder.environment(variable.trim(), value);
                }
            }
            if (jwtIssuer != null || jwtAudience != null || jwtKeys != null) {
                if (jwtIssuer == null || jwtAudience == null || jwtKeys == null) {
                    throw new IllegalArgumentException(
                            "the JWT authorizer takes --jwt-issuer, --jwt-audience and --jwt-keys together");
                }
                builder.authorizer(JwtAuthorizer.of(jwtIssuer, jwtAudience, jwtKeys));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The defaults {@code -h} shows, from the one place that defines them: {@link FunctionConfig.Builder}. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {

        private static final FunctionConfig LIBRARY = FunctionConfig.builder(
                        Path.of("function"), FunctionConfig.FUNCTION_HANDLER)
                .build();

        @Override
        public String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--handler" -> LIBRARY.handler();
                case "--name" -> LIBRARY.functionName();
                case "--runtime" -> LIBRARY.runtime().id();
                case "--port" -> Integer.toString(DEFAULT_PORT);
                case "--concurrency" -> Integer.toString(LIBRARY.reservedConcurrency());
                case "--memory" -> Integer.toString(LIBRARY.memoryMb());
                case "--timeout" -> Durations.format(LIBRARY.timeout());
                case "--init-timeout" -> Durations.format(LIBRARY.initTimeout());
                case "--integration-timeout" -> Durations.format(LIBRARY.integrationTimeout());
                case "--idle" -> Durations.format(LIBRARY.idleTimeout());
                case "--abandon" -> Durations.format(LIBRARY.abandonPeriod());
                case "--account-concurrency" -> Integer.toString(LIBRARY.accountConcurrency());
                case "--scaling-rate" -> Integer.toString(LIBRARY.scalingRate());
                case "--snap-start" -> "0";
                case "--restore-timeout" -> Durations.format(LIBRARY.restoreTimeout());
                case "--snapshot-load" -> Durations.format(LIBRARY.snapshotLoad());
                case "--replenish" -> Boolean.toString(LIBRARY.replenishCopies());
                default -> null;
            };
        }
    }

    /** {@code java25} and the like, as a template names the runtime. */
    static final class RuntimeConverter implements CommandLine.ITypeConverter<LambdaRuntime> {

        @Override
        public LambdaRuntime convert(String value) {
            return LambdaRuntime.of(value);
        }
    }
}
