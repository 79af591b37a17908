package dev.twinstack.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A layer-4 round-robin front for the Kubernetes replicas, as a Service's kube-proxy balances: each new client
 * connection goes to the next replica in rotation, bytes are relayed both ways, Nagle is off on every socket. With no
 * replica in rotation it answers 503 itself, without Retry-After, as an ingress controller does for a Service without
 * ready endpoints.
 */
final class RoundRobinFront implements Front {

    private final ServerSocket listener;
    private final List<Integer> backendPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService relays = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "front-relay");
        t.setDaemon(true);
        return t;
    });

    RoundRobinFront(int port, List<Integer> backendPorts) throws IOException {
        this.listener = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
        this.backendPorts.addAll(backendPorts);
        relays.submit(this::accept);
    }

    /** A new replica joins the rotation once it is ready, as an endpoint joins a Service. */
    @Override
    public void add(int backendPort) {
        if (!backendPorts.contains(backendPort)) {
            backendPorts.add(backendPort);
        }
    }

    /** A replica leaves the rotation (unready, gone or terminating); its open connections stay as they are. */
    @Override
    public void remove(int backendPort) {
        backendPorts.remove(Integer.valueOf(backendPort));
    }

    @Override
    public boolean isEmpty() {
        return backendPorts.isEmpty();
    }

    @Override
    public boolean contains(int backendPort) {
        return backendPorts.contains(backendPort);
    }

    @Override
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                relays.submit(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        List<Integer> inRotation = List.copyOf(backendPorts);
        if (inRotation.isEmpty()) {
            noEndpoint(client);
            return;
        }
        int backend = inRotation.get(Math.floorMod(next.getAndIncrement(), inRotation.size()));
        try (client;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), backend)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            var back = relays.submit(() -> pump(upstream, client));
            pump(client, upstream);
            back.get();
        } catch (Exception e) {
            // The client or the replica went away: the connection ends, as through a real proxy.
        }
    }

    /** Reads the request's head, answers 503 and closes, as an ingress does when its Service has no endpoint. */
    private static void noEndpoint(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            client.setSoTimeout(5_000);
            InputStream in = client.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < end.length && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
            String body = "no ready endpoint";
            client.getOutputStream()
                    .write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: "
                                    + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                            .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            client.shutdownOutput();
            // Whatever body the request had is read and dropped, so that closing does not reset the answer.
            while (in.read(new byte[4096]) >= 0) {}
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static Void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // Either side closed; the other direction finishes on its own.
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        relays.shutdownNow();
    }
}
