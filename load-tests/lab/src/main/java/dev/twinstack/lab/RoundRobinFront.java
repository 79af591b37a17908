package dev.twinstack.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A layer-4 round-robin front for the Kubernetes replicas, as a Service's kube-proxy balances: each new client
 * connection goes to the next replica, bytes are relayed both ways, Nagle is off on every socket.
 */
final class RoundRobinFront implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> backendPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService relays = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "front-relay");
        t.setDaemon(true);
        return t;
    });

    RoundRobinFront(int port, List<Integer> backendPorts) throws IOException {
        this.listener = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
        this.backendPorts = List.copyOf(backendPorts);
        relays.submit(this::accept);
    }

    int port() {
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
        int backend = backendPorts.get(Math.floorMod(next.getAndIncrement(), backendPorts.size()));
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
