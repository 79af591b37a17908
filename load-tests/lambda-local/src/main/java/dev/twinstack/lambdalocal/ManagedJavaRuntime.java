package dev.twinstack.lambdalocal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * The command line and environment of Lambda's managed Java runtimes, as their bootstrap starts the runtime interface
 * client: serial GC, a heap of 85 % of the memory size, CDS on, CRaC's API routed to the client's own implementation
 * (so a function's {@code org.crac} hooks run at SnapStart's checkpoint and restore), and tiered compilation stopped at
 * C1 where the runtime does ({@link LambdaRuntime#stopsAtC1}).
 */
final class ManagedJavaRuntime {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    private ManagedJavaRuntime() {}

    /** -XX:MaxHeapSize is 85 % of the memory size in KiB on the managed runtime (512 MB gives 445645k). */
    static long maxHeapKib(int memoryMb) {
        return Math.round(memoryMb * 1024 * 0.85);
    }

    /**
     * Unpacks the client's JNI library once, where the managed runtime keeps it in /var/runtime/lib/jni: left to
     * itself, every client copies it to the same /tmp path, and environments starting together crash on a half-written
     * library.
     */
    static Path unpackNativeClient(Path runtimeDir) {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String name = "libaws-lambda-jni.linux-" + arch + ".so";
        Path library = runtimeDir.resolve(name);
        try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the runtime interface client has no " + name);
            }
            Files.createDirectories(runtimeDir);
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + name, e);
        }
    }

    /** Each environment gets its own /tmp, as on Lambda. */
    static List<String> command(FunctionConfig config, JavaHomes.JavaHome jdk, Path runtimeDir, String environmentId) {
        Path tmp = runtimeDir.resolve(environmentId).resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        var command = new ArrayList<String>();
        command.add(jdk.java().toString());
        command.add("-XX:MaxHeapSize=" + maxHeapKib(config.memoryMb()) + "k");
        command.add("-XX:+UseSerialGC");
        // Lambda ships its own CDS archive (-Xshare:on with runtime.jsa); the JDK's default archive is the local match.
        command.add("-Xshare:auto");
        if (config.runtime().stopsAtC1(config.snapStart())) {
            command.add("-XX:+TieredCompilation");
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        if (jdk.major() >= 22) {
            // The client loads its JNI library with System.load, which JDK 22 and later warn about on every start.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-XX:+ErrorFileToStderr");
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                + nativeClient(runtimeDir));
        command.add("-classpath");
        command.add(clientClasspath());
        command.add(AWSLambda.class.getName());
        command.add(config.handler());
        return command;
    }

    private static Path nativeClient(Path runtimeDir) {
        try (var files = Files.list(runtimeDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".so"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no JNI library in " + runtimeDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime's own jars only: the function's classes come from the working directory, as on Lambda. */
    private static String clientClasspath() {
        return Stream.of(AWSLambda.class, Context.class, PojoSerializer.class, SdkInternalThreadLocal.class)
                .map(ManagedJavaRuntime::jarOf)
                .distinct()
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow();
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type, e);
        }
    }

    /**
     * Lambda's variables. With SnapStart the runtime is told so ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, and
     * the runtime interface client then runs the checkpoint and restore hooks), and the log group and stream names are
     * withheld, as SnapStart functions do not get them (Lambda Developer Guide, <em>Monitoring for Lambda
     * SnapStart</em>): one snapshot serves many environments, each with a stream of its own.
     */
    static Map<String, String> environment(FunctionConfig config, String runtimeApi, String environmentId) {
        var env = new LinkedHashMap<String, String>();
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", config.functionDir().toString());
        env.put("LAMBDA_RUNTIME_DIR", config.functionDir().toString());
        env.put("_HANDLER", config.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime().id());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", config.snapStart() ? "snap-start" : "on-demand");
        if (!config.snapStart()) {
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName());
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName(environmentId));
        }
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.putAll(config.environment());
        return env;
    }

    static String functionArn(FunctionConfig config) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + config.functionName();
    }

    private static String logStreamName(String environmentId) {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd")) + "/[$LATEST]"
                + environmentId;
    }
}
