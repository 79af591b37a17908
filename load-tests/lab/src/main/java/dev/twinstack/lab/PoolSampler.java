package dev.twinstack.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples PgBouncer's {@code SHOW POOLS} at a fixed interval: clients waiting, server connections in use. */
final class PoolSampler implements AutoCloseable {

    private final PgBouncer bouncer;
    private final long startNanos = System.nanoTime();
    private final List<Map<String, Object>> samples = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pool-sampler");
        t.setDaemon(true);
        return t;
    });

    PoolSampler(PgBouncer bouncer, long intervalMillis) {
        this.bouncer = bouncer;
        timer.scheduleAtFixedRate(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("t", (System.nanoTime() - startNanos) / 1e9);
            sample.putAll(bouncer.pools());
            samples.add(sample);
        } catch (IOException e) {
            // A missed sample leaves a gap; the run goes on.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Map<String, Object>> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
