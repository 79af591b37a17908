package dev.twinstack.lab;

import dev.twinstack.results.PoolSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples PgBouncer's {@code SHOW POOLS} at a fixed interval: clients waiting, server connections in use. */
final class PoolSampler implements AutoCloseable {

    private final PgBouncer bouncer;
    private final long startNanos = System.nanoTime();
    private final List<PoolSample> samples = Collections.synchronizedList(new ArrayList<>());
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
            double t = (System.nanoTime() - startNanos) / 1e9;
            Map<String, Integer> pools = bouncer.pools();
            samples.add(new PoolSample(
                    t,
                    pools.getOrDefault("cl_active", 0),
                    pools.getOrDefault("cl_waiting", 0),
                    pools.getOrDefault("sv_active", 0),
                    pools.getOrDefault("sv_idle", 0),
                    pools.getOrDefault("sv_used", 0)));
        } catch (IOException e) {
            // A missed sample leaves a gap; the run goes on.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<PoolSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
