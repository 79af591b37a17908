package dev.twinstack.lambdalocal.testfunction;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' function: a payload-2.0 handler with no dependencies beyond aws-lambda-java-core, so that it runs from a
 * plain directory under the real runtime interface client. The path picks the behaviour.
 */
public class ProbeHandler implements RequestStreamHandler {

    private static final Pattern RAW_PATH = Pattern.compile("\"rawPath\":\"([^\"]*)\"");

    /** Held across invocations like a pooled database connection. */
    private static Socket connection;

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
            default ->
                answer = "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":"
                        + quote(event) + "}";
        }
        output.write(answer.getBytes(StandardCharsets.UTF_8));
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
