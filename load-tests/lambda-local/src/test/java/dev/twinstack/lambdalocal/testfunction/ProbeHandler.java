package dev.twinstack.lambdalocal.testfunction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crac.Core;
import org.crac.Resource;

/**
 * The tests' function: a payload-2.0 handler with no dependencies beyond aws-lambda-java-core and org.crac (in its
 * {@code lib/}, as in a function.zip), so that it runs from a plain directory under the real runtime interface client.
 * The path picks the behaviour. Its SnapStart hooks record themselves; {@code PROBE_AFTER_RESTORE} makes the
 * after-restore hook fail ({@code fail}) or take long ({@code sleep:<ms>}); {@code PROBE_SLOW_FIRST_INIT} names a file
 * whose absence makes init create it and then take a minute, so that only the first init is slow.
 */
public class ProbeHandler implements RequestStreamHandler {

    private static final Pattern RAW_PATH = Pattern.compile("\"rawPath\":\"([^\"]*)\"");

    /** Held across invocations like a pooled database connection. */
    private static Socket connection;

    /** The hooks that ran in this process, in order. */
    private static final List<String> HOOKS = new ArrayList<>();

    /** org.crac holds resources weakly: this one lives as long as the class. */
    private static final Resource HOOK = new Resource() {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            record("beforeCheckpoint");
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            record("afterRestore");
            String behaviour = System.getenv().getOrDefault("PROBE_AFTER_RESTORE", "");
            if (behaviour.equals("fail")) {
                throw new IllegalStateException("cannot reconnect after restore");
            }
            if (behaviour.startsWith("sleep:")) {
                sleep(Long.parseLong(behaviour.substring("sleep:".length())));
            }
        }
    };

    static {
        Core.getGlobalContext().register(HOOK);
        String marker = System.getenv("PROBE_SLOW_FIRST_INIT");
        if (marker != null) {
            Path file = Path.of(marker);
            if (Files.notExists(file)) {
                try {
                    Files.writeString(
                            file, Long.toString(ProcessHandle.current().pid()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                sleep(60_000);
            }
        }
    }

    private static synchronized void record(String hook) {
        HOOKS.add(hook);
        System.out.println("probe: " + hook);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String path = group(RAW_PATH, event);
        String[] parts = path.split("/");
        String answer;
        switch (parts.length > 1 ? parts[1] : "") {
            case "pid" ->
                answer = text(200, Long.toString(ProcessHandle.current().pid()));
            case "sleep" -> {
                sleep(Long.parseLong(parts[2]));
                answer = text(200, "slept " + parts[2]);
            }
            case "fail" -> throw new IllegalStateException("order service unavailable");
            case "exit" -> {
                System.exit(3);
                answer = "";
            }
            case "connect" -> {
                if (connection == null) {
                    connection = new Socket("127.0.0.1", Integer.parseInt(parts[2]));
                    connection.setTcpNoDelay(true);
                }
                connection.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                answer = text(200, "connected");
            }
            case "binary" ->
                answer = "{\"statusCode\":201,\"headers\":{\"content-type\":\"application/octet-stream\","
                        + "\"x-probe\":\"yes\"},\"cookies\":[\"session=abc; Path=/\",\"theme=dark\"],"
                        + "\"isBase64Encoded\":true,\"body\":\""
                        + Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}) + "\"}";
            case "plain" -> answer = "{\"hello\":\"world\"}";
            case "context" ->
                answer = text(
                        200,
                        context.getAwsRequestId() + " " + context.getInvokedFunctionArn() + " "
                                + context.getMemoryLimitInMB() + " " + context.getRemainingTimeInMillis());
            case "hooks" -> {
                synchronized (ProbeHandler.class) {
                    answer = text(200, String.join(",", HOOKS));
                }
            }
            case "env" -> answer = text(200, System.getenv().getOrDefault(parts[2], "<unset>"));
            case "spin" -> answer = text(200, "spun " + spin(Long.parseLong(parts[2])));
            case "allocate" -> answer = text(200, "allocated " + allocate(Integer.parseInt(parts[2])) + " MB");
            default ->
                answer = "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":"
                        + quote(event) + "}";
        }
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Keeps two threads and a child process busy for {@code millis}: more CPU than any share below two vCPUs, spread
     * over the whole process tree.
     */
    private static long spin(long millis) throws IOException {
        Process child = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        long end = System.nanoTime() + millis * 1_000_000;
        Runnable busy = () -> {
            long counter = 0;
            while (System.nanoTime() < end) {
                counter++;
            }
            if (counter == 42) {
                System.out.println("unlikely");
            }
        };
        Thread other = new Thread(busy);
        other.start();
        busy.run();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        child.destroyForcibly();
        return child.pid();
    }

    /** Touches {@code megabytes} of native memory, outside the heap's limit, 16 MB at a time. */
    private static int allocate(int megabytes) {
        try {
            Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            var allocateMemory = unsafe.getClass().getMethod("allocateMemory", long.class);
            var setMemory = unsafe.getClass().getMethod("setMemory", long.class, long.class, byte.class);
            long chunk = 16L << 20;
            int done = 0;
            while (done < megabytes) {
                long address = (long) allocateMemory.invoke(unsafe, chunk);
                setMemory.invoke(unsafe, address, chunk, (byte) 1);
                done += 16;
            }
            return done;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(int status, String body) {
        return "{\"statusCode\":" + status + ",\"headers\":{\"content-type\":\"text/plain\"},\"body\":" + quote(body)
                + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
