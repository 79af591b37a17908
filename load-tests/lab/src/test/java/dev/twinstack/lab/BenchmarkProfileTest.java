package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile summary on a real flight recording of this JVM, made with the settings the benchmark writes. */
class BenchmarkProfileTest {

    private static final Duration BUSY = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void chargesJdkWorkToTheCodeThatAskedForIt() throws Exception {
        Configuration settings = Configuration.create(BenchmarkProfile.writeSettings(dir.resolve("sampling.jfc")));
        Path file = dir.resolve("busy.jfr");
        Instant from;
        Instant to;
        try (Recording recording = new Recording(settings)) {
            recording.start();
            from = Instant.now();
            busyWithHashMaps();
            to = Instant.now();
            recording.stop();
            recording.dump(file);
        }

        List<String> summary = BenchmarkProfile.summarise(file, from, to, "busy");

        String application = summary.stream()
                .filter(l -> l.startsWith("| application (dev.twinstack) |"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", summary)));
        double charged =
                Double.parseDouble(application.split("\\|")[2].replace("%", "").trim());
        assertTrue(charged > 50, () -> String.join("\n", summary));
    }

    @Test
    void samplesJavaExecutionEveryMillisecond() throws Exception {
        String settings = Files.readString(BenchmarkProfile.writeSettings(dir.resolve("sampling.jfc")));

        int event = settings.indexOf("<event name=\"jdk.ExecutionSample\">");
        String period = settings.substring(settings.indexOf("name=\"period\"", event));
        assertEquals("1 ms", period.substring(period.indexOf('>') + 1, period.indexOf('<')));
    }

    @Test
    void namesTheComponentOfAClassAndNoneForTheJdk() {
        assertEquals("Hibernate ORM", BenchmarkProfile.componentOf("org.hibernate.internal.StatelessSessionImpl"));
        assertEquals(
                "metrics (Micrometer)",
                BenchmarkProfile.componentOf("io.quarkus.micrometer.runtime.binder.vertx.VertxHttpServerMetrics"));
        assertEquals(null, BenchmarkProfile.componentOf("java.util.HashMap"));
    }

    /** Mostly JDK frames (HashMap) under a frame of this class. */
    private static void busyWithHashMaps() {
        long end = System.nanoTime() + BUSY.toNanos();
        Map<Integer, Integer> map = new HashMap<>();
        long sum = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                map.merge(i, 1, Integer::sum);
            }
            sum += map.get(7);
        }
        assertTrue(sum > 0);
    }
}
