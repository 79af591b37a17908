package dev.twinstack.lambdalocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The local Lambda service from the command line.
 *
 * <pre>
 * java -cp ... dev.twinstack.lambdalocal.Main --function target/function.zip --port 3000 --concurrency 10
 *     --memory 512 --timeout 15s --idle 5m --abandon 1m --env QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://...
 * </pre>
 */
public final class Main {

    private static final String USAGE = """
            usage: lambda-local --function <function.zip|dir> [options]
              --handler <class::method>    default: the Quarkus Lambda handler
              --name <function name>       default: twinstack
              --port <port>                HTTP front; default 3000
              --concurrency <n>            reserved concurrency; default 10
              --memory <MB>                memory size; default 512
              --timeout <duration>         function timeout; default 15s
              --init-timeout <duration>    init phase limit; default 10s
              --integration-timeout <d>    HTTP API integration timeout; default 30s
              --idle <duration>            idle time before an environment is abandoned; default 5m
              --abandon <duration>         time an abandoned environment stays frozen before it is killed; default 1m
              --scale-out <n per second>   new environments per second; default unlimited
              --env NAME=VALUE             function environment variable (repeatable)
              --pass-env NAME[,NAME...]    pass these variables from this shell when set (keeps secrets off the command line)
              --records <file>             invocation records as JSON lines
            durations: 500ms, 15s, 5m
            """;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        FunctionConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lambda-local: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        var stopped = new CountDownLatch(1);
        var lambda = LocalLambda.start(config);
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
                human(config.timeout()),
                config.reservedConcurrency(),
                human(config.idleTimeout()),
                human(config.abandonPeriod()));
        System.out.println("lambda-local: ready; environments start on the first requests. Ctrl-C stops everything.");
        stopped.await();
    }

    static FunctionConfig parse(String[] args) {
        Path function = null;
        String handler = FunctionConfig.QUARKUS_HANDLER;
        var options = new java.util.LinkedHashMap<String, String>();
        var environment = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value at " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--function" -> function = Path.of(value);
                case "--handler" -> handler = value;
                case "--env" -> {
                    int equals = value.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--env needs NAME=VALUE: " + value);
                    }
                    environment.put(value.substring(0, equals), value.substring(equals + 1));
                }
                case "--pass-env" -> {
                    for (String variable : value.split(",")) {
                        String passed = System.getenv(variable.trim());
                        if (passed != null) {
                            environment.put(variable.trim(), passed);
                        }
                    }
                }
                default -> options.put(name, value);
            }
        }
        if (function == null) {
            throw new IllegalArgumentException("--function is required");
        }
        var builder = FunctionConfig.builder(FunctionPackage.prepare(function), handler)
                .port(3000)
                .log(System.out::println);
        environment.forEach(builder::environment);
        options.forEach((name, value) -> {
            switch (name) {
                case "--name" -> builder.functionName(value);
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--concurrency" -> builder.reservedConcurrency(Integer.parseInt(value));
                case "--memory" -> builder.memoryMb(Integer.parseInt(value));
                case "--timeout" -> builder.timeout(duration(value));
                case "--init-timeout" -> builder.initTimeout(duration(value));
                case "--integration-timeout" -> builder.integrationTimeout(duration(value));
                case "--idle" -> builder.idleTimeout(duration(value));
                case "--abandon" -> builder.abandonPeriod(duration(value));
                case "--scale-out" -> builder.scaleOutPerSecond(Double.parseDouble(value));
                case "--records" -> builder.recordsFile(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        });
        return builder.build();
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static Duration duration(String text) {
        var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration (500ms, 15s, 5m): " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
