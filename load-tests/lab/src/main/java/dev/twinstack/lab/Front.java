package dev.twinstack.lab;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What stands between the load and the Kubernetes replicas: a set of endpoints (replica ports) that the kubelet model
 * adds once a replica is ready and removes when it is not, each after the endpoint propagation delay.
 */
interface Front extends AutoCloseable {

    /** A ready replica becomes an endpoint. */
    void add(int backendPort);

    /** A replica stops being an endpoint (unready, gone or terminating). */
    void remove(int backendPort);

    boolean contains(int backendPort);

    boolean isEmpty();

    /** The port the load is sent to. */
    int port();

    /** Requests the front passed on to another endpoint after a failed try (zero for a front that does not retry). */
    default long retries() {
        return 0;
    }

    /**
     * How long the first answer an endpoint marked cold ({@code X-Cold-Start}) took at the front, from the request's
     * arrival to the answer's end; empty when none came through (or the front does not look at answers).
     */
    default java.util.Optional<Long> coldRequestMs(int backendPort) {
        return java.util.Optional.empty();
    }

    /** When the first request reached the front, epoch ms; 0 before any (or when the front does not record it). */
    default long firstRequestEpochMs() {
        return 0;
    }

    @Override
    void close() throws IOException;

    /** Which front the manifests put before the pods, or the simpler one a Service alone gives. */
    enum Kind {
        /**
         * An Ingress controller (ingress-nginx): each request balanced on its own over keep-alive connections, retried
         * by nginx's proxy_next_upstream rule.
         */
        INGRESS("ingress", "a per-request (L7) front as ingress-nginx balances, retries included"),
        /** A Service through kube-proxy: each client connection pinned to one replica. */
        SERVICE("service", "a per-connection (L4) round-robin front as a Service balances");

        final String label;
        final String description;

        Kind(String label, String description) {
            this.label = label;
            this.description = description;
        }

        static Kind named(String label) {
            return Arrays.stream(values())
                    .filter(k -> k.label.equals(label.trim().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "a front is " + INGRESS.label + " or " + SERVICE.label + ": " + label));
        }

        Front start() throws IOException {
            return this == INGRESS ? new IngressFront(0) : new RoundRobinFront(0, java.util.List.of());
        }
    }
}
