package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environments start like the managed Java runtimes start their JVM. */
class ManagedJavaRuntimeTest {

    private static final JavaHomes.JavaHome JDK = new JavaHomes.JavaHome(Path.of("/opt/jdk"), 25, true, "the test's");
    private static final Path JAVA = JDK.java();

    @TempDir
    Path runtimeDir;

    @Test
    void sizesTheHeapAtEightyFivePercentOfMemoryAsTheManagedRuntime() {
        assertEquals(445645, ManagedJavaRuntime.maxHeapKib(512));
        assertEquals(891290, ManagedJavaRuntime.maxHeapKib(1024));
    }

    @Test
    void startsTheRuntimeInterfaceClientWithTheManagedRuntimesOptions() {
        ManagedJavaRuntime.unpackNativeClient(runtimeDir);
        var config = FunctionConfig.builder(Path.of("/var/task"), "example.Handler::handleRequest")
                .memoryMb(1024)
                .build();

        String command = String.join(" ", ManagedJavaRuntime.command(config, JDK, runtimeDir, "env-1"));

        assertTrue(command.startsWith(JAVA + " "), command);
        assertTrue(command.contains(" -XX:MaxHeapSize=891290k "), command);
        assertTrue(command.contains(" -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac "), command);
        assertTrue(command.contains(" --enable-native-access=ALL-UNNAMED "), command);
        assertTrue(command.contains(" -XX:+UseSerialGC "), command);
        assertTrue(command.contains(" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 "), command);
        assertTrue(command.contains(".NativeClient.JNI=" + runtimeDir), command);
        assertTrue(
                command.endsWith(
                        " com.amazonaws.services.lambda.runtime.api.client.AWSLambda example.Handler::handleRequest"),
                command);
    }

    @Test
    void leavesTieredCompilationToTheJvmOnlyForSnapStartOnJava25() {
        ManagedJavaRuntime.unpackNativeClient(runtimeDir);
        var builder = FunctionConfig.builder(Path.of("/var/task"), "example.Handler::handleRequest");

        String java25SnapStart = String.join(
                " ", ManagedJavaRuntime.command(builder.snapStart(true).build(), JDK, runtimeDir, "env-1"));
        String java21SnapStart = String.join(
                " ",
                ManagedJavaRuntime.command(builder.runtime(LambdaRuntime.JAVA21).build(), JDK, runtimeDir, "env-1"));

        assertFalse(java25SnapStart.contains("TieredStopAtLevel"), java25SnapStart);
        assertTrue(java21SnapStart.contains(" -XX:TieredStopAtLevel=1 "), java21SnapStart);
    }

    @Test
    void tellsASnapStartRuntimeItsInitializationTypeAndWithholdsTheLogNames() {
        var config = FunctionConfig.builder(Path.of("/var/task"), "example.Handler::handleRequest")
                .snapStart(true)
                .build();

        var env = ManagedJavaRuntime.environment(config, "127.0.0.1:9001", "env-1");

        assertEquals("snap-start", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        assertFalse(env.containsKey("AWS_LAMBDA_LOG_GROUP_NAME"));
        assertFalse(env.containsKey("AWS_LAMBDA_LOG_STREAM_NAME"));
    }

    @Test
    void givesTheFunctionLambdasEnvironment() {
        var config = FunctionConfig.builder(Path.of("/var/task"), "example.Handler::handleRequest")
                .functionName("orders")
                .memoryMb(1024)
                .environment("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/twinstack")
                .build();

        var env = ManagedJavaRuntime.environment(config, "127.0.0.1:9001", "env-1");

        assertEquals("127.0.0.1:9001", env.get("AWS_LAMBDA_RUNTIME_API"));
        assertEquals("orders", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertEquals("1024", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("example.Handler::handleRequest", env.get("_HANDLER"));
        assertEquals("/var/task", env.get("LAMBDA_TASK_ROOT"));
        assertEquals("AWS_Lambda_java25", env.get("AWS_EXECUTION_ENV"));
        assertEquals("on-demand", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        assertEquals("/aws/lambda/orders", env.get("AWS_LAMBDA_LOG_GROUP_NAME"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/twinstack", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
    }
}
