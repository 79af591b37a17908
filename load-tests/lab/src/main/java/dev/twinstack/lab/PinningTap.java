package dev.twinstack.lab;

import dev.twinstack.toolkit.RdsProxyPinning;
import dev.twinstack.toolkit.RdsProxyPinning.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between the clients and the RDS Proxy stand-in that reads what each client session sends and
 * classifies it by RDS Proxy's pinning rules ({@link RdsProxyPinning}): PgBouncer logs no client statements, and
 * PostgreSQL sees only the multiplexed server sessions, so this is the one place where a client's session is whole.
 * Every byte goes through unaltered, both ways; the client's side of the PostgreSQL frontend protocol is parsed as it
 * passes: the startup packet (after an {@code SSLRequest} or {@code GSSENCRequest} the server's answer passes back
 * untouched; a session that then turns to TLS is counted but cannot be read), then typed messages, of which Query and
 * Parse carry statements. Cancel requests are not sessions.
 */
final class PinningTap implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;
    /** The first byte of a TLS handshake record: a startup packet's first byte (its length's top byte) is 0. */
    private static final int TLS_HANDSHAKE = 0x16;

    private static final int BUFFER = 16 * 1024;
    /** A safety net: the stand-in is on this machine, so a connection is made or refused at once. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A startup-phase packet's length and code; a typed message's type and length. */
    private static final int STARTUP_HEAD = 8;

    private static final int MESSAGE_HEAD = 5;
    /** PostgreSQL's own limit on a startup packet. */
    private static final int MAX_STARTUP = 10_000;

    /** One client session as the tap saw it. */
    static final class Session {
        private final Set<Reason> reasons = Collections.synchronizedSet(EnumSet.noneOf(Reason.class));
        private final Map<Reason, String> examples = Collections.synchronizedMap(new EnumMap<>(Reason.class));
        private volatile String applicationName = "";
        private volatile boolean encrypted;
        private volatile boolean cancel;
        private volatile boolean ended;

        Set<Reason> reasons() {
            synchronized (reasons) {
                return reasons.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(reasons));
            }
        }

        /** The first statement that met each reason, shortened. */
        Map<Reason, String> examples() {
            synchronized (examples) {
                return Map.copyOf(examples);
            }
        }

        String applicationName() {
            return applicationName;
        }

        boolean encrypted() {
            return encrypted;
        }

        /** The client closed the session and everything it sent has been read. */
        boolean ended() {
            return ended;
        }

        private void saw(Set<Reason> found, String sql) {
            reasons.addAll(found);
            String example = sql.length() > 200 ? sql.substring(0, 200) + "..." : sql;
            found.forEach(r -> examples.putIfAbsent(r, example));
        }
    }

    /** What the tap saw, for results.json. */
    record Counts(int sessions, int wouldPin, Map<Reason, Integer> byReason) {}

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private PinningTap(ServerSocket listener, InetSocketAddress upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /** Listens on a free port of 127.0.0.1 and forwards each connection to {@code 127.0.0.1:upstreamPort}. */
    static PinningTap start(int upstreamPort) throws IOException {
        // 127.0.0.1 by address, where PgBouncer listens and the environments' URL points, whatever the JVM prefers.
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        ServerSocket listener = new ServerSocket(0, 128, loopback);
        PinningTap tap = new PinningTap(listener, new InetSocketAddress(loopback, upstreamPort));
        Thread acceptor = new Thread(tap::accept, "pinning-tap-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return tap;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The sessions seen so far, open ones included (a frozen Lambda environment keeps its session open). */
    List<Session> sessions() {
        return sessions.stream().filter(s -> !s.cancel).toList();
    }

    Counts counts() {
        List<Session> seen = sessions();
        Map<Reason, Integer> byReason = new EnumMap<>(Reason.class);
        int wouldPin = 0;
        for (Session session : seen) {
            Set<Reason> reasons = session.reasons();
            if (!reasons.isEmpty()) {
                wouldPin++;
            }
            reasons.forEach(r -> byReason.merge(r, 1, Integer::sum));
        }
        return new Counts(seen.size(), wouldPin, byReason);
    }

    private void accept() {
        while (!closed && !listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[lab] pinning tap: " + e);
                }
                continue;
            }
            Thread connector = new Thread(() -> connect(client), "pinning-tap-connect");
            connector.setDaemon(true);
            connector.start();
        }
    }

    /**
     * Opens the client's connection to the proxy stand-in, then pumps both ways. When the stand-in is down (a drill
     * stops it), the client's connection is closed at once, as a proxy that is not there would leave it.
     */
    private void connect(Socket client) {
        Socket server = new Socket();
        sockets.add(client);
        sockets.add(server);
        try {
            // Any local hop must not wait on delayed ACKs.
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(upstream, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            quietlyClose(client);
            quietlyClose(server);
            sockets.remove(client);
            sockets.remove(server);
            return;
        }
        Session session = new Session();
        sessions.add(session);
        pump("pinning-tap-from-client", client, server, new Reader(session));
        pump("pinning-tap-to-client", server, client, null);
    }

    private void pump(String name, Socket from, Socket to, Reader reader) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[BUFFER];
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                            if (reader != null) {
                                reader.feed(buffer, n);
                            }
                        }
                    } catch (IOException e) {
                        // The other side went away: the session is over.
                    } finally {
                        if (reader != null) {
                            reader.session.ended = true;
                        }
                        quietlyClose(from);
                        quietlyClose(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() {
        closed = true;
        quietlyClose(listener);
        sockets.forEach(PinningTap::quietlyClose);
    }

    private static void quietlyClose(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    /**
     * The client's side of the protocol, fed as it arrives: messages are collected whole only when their body is read
     * (Query, Parse, the startup packet); the others are skipped by their length.
     */
    static final class Reader {

        private final Session session;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        /** Before the startup packet (and again after an SSLRequest the server declined). */
        private boolean startup = true;
        /** The bytes {@link #pending} must hold before they can be acted on. */
        private int need = STARTUP_HEAD;
        /** Bytes of the current message's body still to skip. */
        private long skipping;
        /** The stream can no longer be read (TLS, or a framing the reader does not know). */
        private boolean blind;

        Reader(Session session) {
            this.session = session;
        }

        void feed(byte[] bytes, int length) {
            int offset = 0;
            while (offset < length && !blind) {
                if (skipping > 0) {
                    int skipped = (int) Math.min(skipping, length - offset);
                    skipping -= skipped;
                    offset += skipped;
                    continue;
                }
                int take = Math.min(need - pending.size(), length - offset);
                pending.write(bytes, offset, take);
                offset += take;
                if (pending.size() >= need) {
                    consume();
                }
            }
        }

        /** Acts on the pending bytes, which hold {@link #need} bytes: a message's head, or a whole message to read. */
        private void consume() {
            byte[] data = pending.toByteArray();
            if (startup) {
                if ((data[0] & 0xff) == TLS_HANDSHAKE) {
                    session.encrypted = true;
                    blind = true;
                    return;
                }
                int length = ByteBuffer.wrap(data, 0, 4).getInt();
                if (length < STARTUP_HEAD || length > MAX_STARTUP) {
                    blind = true;
                    return;
                }
                if (data.length < length) {
                    need = length;
                    return;
                }
                pending.reset();
                need = STARTUP_HEAD;
                int code = ByteBuffer.wrap(data, 4, 4).getInt();
                if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                    return;
                }
                if (code == CANCEL_REQUEST) {
                    session.cancel = true;
                    blind = true;
                    return;
                }
                startup = false;
                need = MESSAGE_HEAD;
                parameters(data, 8, length);
                return;
            }
            char type = (char) data[0];
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(data, 1, 4).getInt());
            if (length < 4 || length > Integer.MAX_VALUE - 1) {
                blind = true;
                return;
            }
            if (type != 'Q' && type != 'P') {
                pending.reset();
                skipping = length - 4;
                return;
            }
            if (data.length < length + 1) {
                need = (int) length + 1;
                return;
            }
            pending.reset();
            need = MESSAGE_HEAD;
            int end = (int) length + 1;
            if (type == 'Q') {
                String sql = cString(data, 5, end);
                session.saw(RdsProxyPinning.ofStatement(sql), sql);
            } else {
                String name = cString(data, 5, end);
                int sqlStart = 5 + name.getBytes(StandardCharsets.UTF_8).length + 1;
                String sql = cString(data, sqlStart, end);
                session.saw(RdsProxyPinning.ofParse(name, sql), sql);
            }
        }

        private void parameters(byte[] data, int from, int to) {
            List<String> values = new ArrayList<>();
            int i = from;
            while (i < to && data[i] != 0) {
                String value = cString(data, i, to);
                values.add(value);
                i += value.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            for (int k = 0; k + 1 < values.size(); k += 2) {
                if (values.get(k).equals("application_name")) {
                    session.applicationName = values.get(k + 1);
                }
            }
        }

        private static String cString(byte[] data, int from, int limit) {
            int end = from;
            while (end < limit && data[end] != 0) {
                end++;
            }
            return new String(data, from, end - from, StandardCharsets.UTF_8);
        }
    }
}
