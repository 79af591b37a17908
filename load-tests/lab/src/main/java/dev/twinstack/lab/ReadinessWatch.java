package dev.twinstack.lab;

import dev.twinstack.analysis.DeployFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The kubelet's readiness probe and the endpoint controller, for the pods behind one front: each pod's readiness
 * endpoint is polled for as long as the pod runs, at the readiness probe's period (the startup probe's until its first
 * success), with the probe's timeout; a pod turns unready after the failure threshold of failed probes in a row and
 * ready after one success, and the front's endpoints follow each change after the propagation delay, if it still holds
 * then. An exited container is unready at once (the kubelet sees the exit); a terminating pod leaves the endpoints
 * whatever its probes say.
 */
final class ReadinessWatch {

    /** One pod as its probe and the front see it; its port stays across container restarts, as a pod's IP does. */
    static final class Endpoint {
        final String name;
        final int port;
        final URI readiness;
        volatile boolean ready;
        volatile boolean terminating;
        /** When its Ready condition last changed, epoch ms (0: never yet, as a pod without the condition). */
        volatile long readyChangedMs;
        /** When it first turned ready and first joined the front's rotation, {@link System#nanoTime} (0: not yet). */
        volatile long firstReadyNanos;

        volatile long firstInRotationNanos;
        private int failures;
        private ScheduledFuture<?> probe;

        Endpoint(String name, int port, URI readiness) {
            this.name = name;
            this.port = port;
            this.readiness = readiness;
        }
    }

    private final Front front;
    private final DeployFiles.Rollout probes;
    private final Duration propagation;
    private final ScheduledExecutorService kubelet;
    private final Consumer<String> events;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean closing;

    ReadinessWatch(
            Front front,
            DeployFiles.Rollout probes,
            Duration propagation,
            ScheduledExecutorService kubelet,
            Consumer<String> events) {
        this.front = front;
        this.probes = probes;
        this.propagation = propagation;
        this.kubelet = kubelet;
        this.events = events;
    }

    /** A container that was found ready before the load: an endpoint now, then probed at the readiness period. */
    void readyAtStart(Endpoint endpoint) {
        synchronized (endpoint) {
            endpoint.ready = true;
            endpoint.failures = 0;
            endpoint.readyChangedMs = System.currentTimeMillis();
            endpoint.firstReadyNanos = System.nanoTime();
        }
        front.add(endpoint.port);
        endpoint.firstInRotationNanos = System.nanoTime();
        watch(endpoint, probes.readinessPeriodSeconds());
    }

    /** A new container: probed at the startup probe's period until its first success. */
    void started(Endpoint endpoint) {
        synchronized (endpoint) {
            endpoint.ready = false;
            endpoint.failures = 0;
        }
        watch(endpoint, probes.startupPeriodSeconds());
    }

    /** The container exited: unready at once, no longer probed, out of the endpoints after the propagation delay. */
    void exited(Endpoint endpoint) {
        synchronized (endpoint) {
            if (endpoint.ready) {
                endpoint.readyChangedMs = System.currentTimeMillis();
            }
            endpoint.ready = false;
            endpoint.failures = 0;
            if (endpoint.probe != null) {
                endpoint.probe.cancel(false);
            }
        }
        propagate(() -> !endpoint.ready, () -> rotate(endpoint, false));
    }

    /** The pod is terminating: out of the endpoints after the propagation delay, whatever its probes say. */
    void terminating(Endpoint endpoint) {
        endpoint.terminating = true;
        propagate(() -> true, () -> rotate(endpoint, false));
    }

    boolean inRotation(Endpoint endpoint) {
        return front.contains(endpoint.port);
    }

    private void watch(Endpoint endpoint, int periodSeconds) {
        synchronized (endpoint) {
            if (endpoint.probe != null) {
                endpoint.probe.cancel(false);
            }
            if (!closing) {
                endpoint.probe = kubelet.scheduleAtFixedRate(
                        () -> probe(endpoint), periodSeconds, periodSeconds, TimeUnit.SECONDS);
            }
        }
    }

    private void probe(Endpoint endpoint) {
        if (endpoint.terminating || closing) {
            return;
        }
        boolean up;
        try {
            var response = http.send(
                    HttpRequest.newBuilder(endpoint.readiness)
                            .timeout(Duration.ofSeconds(probes.readinessTimeoutSeconds()))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            // The kubelet's httpGet rule: any status from 200 to 399 passes.
            up = response.statusCode() >= 200 && response.statusCode() < 400;
        } catch (IOException e) {
            up = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (endpoint) {
            if (up) {
                endpoint.failures = 0;
                if (!endpoint.ready) {
                    endpoint.ready = true;
                    endpoint.readyChangedMs = System.currentTimeMillis();
                    if (endpoint.firstReadyNanos == 0) {
                        endpoint.firstReadyNanos = System.nanoTime();
                    }
                    events.accept(endpoint.name + " ready (readiness probe passed)");
                    // Started: from here on the readiness probe's own period.
                    watch(endpoint, probes.readinessPeriodSeconds());
                    propagate(() -> !endpoint.terminating && endpoint.ready, () -> rotate(endpoint, true));
                }
            } else if (endpoint.ready && ++endpoint.failures >= probes.readinessFailureThreshold()) {
                endpoint.ready = false;
                endpoint.readyChangedMs = System.currentTimeMillis();
                events.accept(endpoint.name + " unready (" + endpoint.failures + " readiness probes failed)");
                propagate(() -> !endpoint.ready, () -> rotate(endpoint, false));
            }
        }
    }

    /** An endpoint change reaches the front after the propagation delay, if it still holds then. */
    private void propagate(BooleanSupplier stillTrue, Runnable change) {
        if (closing) {
            return;
        }
        kubelet.schedule(
                () -> {
                    if (stillTrue.getAsBoolean()) {
                        change.run();
                    }
                },
                propagation.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The front's endpoints change for one pod; when none is left, the front answers 503 itself. */
    private void rotate(Endpoint endpoint, boolean in) {
        if (in == front.contains(endpoint.port)) {
            return;
        }
        if (in) {
            front.add(endpoint.port);
            if (endpoint.firstInRotationNanos == 0) {
                endpoint.firstInRotationNanos = System.nanoTime();
            }
            events.accept(endpoint.name + " back in the front's rotation");
        } else {
            front.remove(endpoint.port);
            events.accept(endpoint.name + " out of the front's rotation"
                    + (front.isEmpty() ? ": no replica left, the front answers 503 itself" : ""));
        }
    }

    /** No more probes or endpoint changes. */
    void close() {
        closing = true;
    }
}
