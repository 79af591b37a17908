package dev.twinstack.k8s;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Publishes the HTTP server's request timer as a Prometheus histogram with a few fixed buckets
 * ({@code http_server_requests_seconds_bucket}), so latency percentiles can be computed across pods with
 * {@code histogram_quantile} (per-pod client-side percentiles cannot be aggregated). Ten buckets, from 5 ms to 5 s,
 * keep the series count small: each route and status gets ten more series, not Micrometer's default of a few hundred.
 */
class LatencyHistogram {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    @Produces
    @Singleton
    MeterFilter httpServerRequestBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(Stream.of(BUCKETS)
                                .mapToDouble(Duration::toNanos)
                                .toArray())
                        .build()
                        .merge(config);
            }
        };
    }
}
