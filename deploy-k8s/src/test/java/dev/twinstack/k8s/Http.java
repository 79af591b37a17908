package dev.twinstack.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange on a new TCP connection, as a load balancer opens them. Unlike a pooling client it tells a
 * refused connection (the listener is closed: the request never reached the server) from a failure on an accepted one.
 */
final class Http {

    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final int READ_TIMEOUT_MS = 30_000;

    private Http() {}

    /** The outcome of one exchange: {@code accepted} is false when the connection was refused. */
    record Exchange(boolean accepted, int status, Map<String, String> headers, String body, String error) {

        boolean ok() {
            return error == null && status >= 200 && status < 300;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Exchange get(int port, String path) {
        return exchange(port, "GET", path, null);
    }

    /** A GET for another media type than JSON (Prometheus's text format on {@code /q/metrics}). */
    static Exchange get(int port, String path, String accept) {
        return exchange(port, "GET", path, null, accept);
    }

    static Exchange postJson(int port, String path, String json) {
        return exchange(port, "POST", path, json);
    }

    static Exchange exchange(int port, String method, String path, String json) {
        return exchange(port, method, path, json, "application/json");
    }

    private static Exchange exchange(int port, String method, String path, String json, String accept) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress("localhost", port), CONNECT_TIMEOUT_MS);
            } catch (ConnectException e) {
                return new Exchange(false, 0, Map.of(), "", e.toString());
            }
            socket.setSoTimeout(READ_TIMEOUT_MS);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept: ")
                    .append(accept)
                    .append("\r\n");
            if (json != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(body.length)
                        .append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            return new Exchange(true, 0, Map.of(), "", e.toString());
        }
    }

    /** Reads the whole response; the server closes the connection after it ({@code Connection: close}). */
    private static Exchange read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Exchange(true, 0, Map.of(), text, "incomplete response: " + text.length() + " bytes");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new Exchange(true, status, headers, text.substring(end + 4), null);
    }
}
