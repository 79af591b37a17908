package dev.twinstack.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went while a measured load ran: a JDK Flight Recorder recording's execution samples
 * ({@code jdk.ExecutionSample}) summarised as Markdown. Each sample is charged to one component, the one owning the
 * innermost frame outside the JDK (so a {@code HashMap} lookup made by the metrics binder counts for metrics), and is
 * also counted for every component anywhere on its stack (inclusive: the time spent under that component's calls).
 */
final class BenchmarkProfile {

    /** Component name → the class name prefixes that belong to it; the first match wins, so narrower ones come first. */
    static final Map<String, List<String>> COMPONENTS = components();

    private static final String JDK = "JDK (no frame outside it)";
    private static final String OTHER = "other";
    private static final int TOP_METHODS = 25;

    private BenchmarkProfile() {}

    private static Map<String, List<String>> components() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("metrics (Micrometer)", List.of("io.micrometer.", "io.quarkus.micrometer."));
        c.put("tracing (OpenTelemetry)", List.of("io.opentelemetry.", "io.quarkus.opentelemetry."));
        c.put("logging", List.of("org.jboss.logmanager.", "org.jboss.logging.", "io.quarkus.logging."));
        c.put("application (dev.twinstack)", List.of("dev.twinstack."));
        c.put("Hibernate ORM", List.of("org.hibernate."));
        c.put("connection pool (Agroal)", List.of("io.agroal.", "io.quarkus.agroal."));
        c.put("JDBC driver (pgjdbc)", List.of("org.postgresql."));
        c.put("JSON (Jackson)", List.of("com.fasterxml.jackson.", "io.quarkus.jackson."));
        c.put("REST (RESTEasy Reactive)", List.of("org.jboss.resteasy.reactive.", "io.quarkus.resteasy.reactive."));
        c.put("CDI (ArC)", List.of("io.quarkus.arc.", "io.smallrye.context."));
        c.put("HTTP (Vert.x, Netty)", List.of("io.vertx.", "io.netty.", "io.quarkus.vertx."));
        c.put("worker threads (JBoss Threads)", List.of("org.jboss.threads."));
        c.put("Quarkus (other)", List.of("io.quarkus.", "io.smallrye."));
        return c;
    }

    /** The component of one class, or {@code null} for the JDK's own. */
    static String componentOf(String className) {
        for (Map.Entry<String, List<String>> e : COMPONENTS.entrySet()) {
            for (String prefix : e.getValue()) {
                if (className.startsWith(prefix)) {
                    return e.getKey();
                }
            }
        }
        return isJdk(className) ? null : OTHER;
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.")
                || className.startsWith("javax.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.")
                || className.startsWith("com.sun.");
    }

    /**
     * The JDK's {@code profile} settings with Java execution sampled every millisecond instead of every 10 ms, written
     * to {@code file}: a 10 s load on 2 shared cores otherwise leaves too few samples to rank anything.
     */
    static Path writeSettings(Path file) throws IOException {
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        Matcher m = EXECUTION_SAMPLE_PERIOD.matcher(profile);
        if (!m.find()) {
            throw new IllegalStateException("the JDK's profile.jfc has no jdk.ExecutionSample period");
        }
        return Files.writeString(file, m.replaceFirst("$1" + SAMPLE_PERIOD));
    }

    private static final Pattern EXECUTION_SAMPLE_PERIOD = Pattern.compile(
            "(<event name=\"jdk\\.ExecutionSample\">.*?<setting name=\"period\"[^>]*>)[^<]*", Pattern.DOTALL);
    private static final String SAMPLE_PERIOD = "1 ms";

    /** One sample's stack, innermost frame first, as class names and method names. */
    record Sample(List<String> classes, List<String> methods) {}

    /** The summary of the samples taken between {@code from} and {@code to}. */
    static List<String> summarise(Path recording, Instant from, Instant to, String title) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                    || event.getStackTrace() == null
                    || event.getStartTime().isBefore(from)
                    || event.getStartTime().isAfter(to)) {
                continue;
            }
            List<String> classes = new ArrayList<>();
            List<String> methods = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                RecordedMethod method = frame.getMethod();
                if (method == null || method.getType() == null) {
                    continue;
                }
                classes.add(method.getType().getName());
                methods.add(method.getName());
            }
            if (!classes.isEmpty()) {
                samples.add(new Sample(classes, methods));
            }
        }
        return summarise(samples, title);
    }

    static List<String> summarise(List<Sample> samples, String title) {
        Map<String, Integer> charged = new LinkedHashMap<>();
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        COMPONENTS.keySet().forEach(k -> {
            charged.put(k, 0);
            inclusive.put(k, 0);
        });
        for (Sample s : samples) {
            String owner = null;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String cls : s.classes()) {
                String component = componentOf(cls);
                if (component == null) {
                    continue;
                }
                if (owner == null) {
                    owner = component;
                }
                seen.add(component);
            }
            charged.merge(owner == null ? JDK : owner, 1, Integer::sum);
            seen.forEach(c -> inclusive.merge(c, 1, Integer::sum));
            leaves.merge(s.classes().get(0) + "." + s.methods().get(0), 1, Integer::sum);
        }
        int total = samples.size();
        List<String> out = new ArrayList<>();
        out.add("### " + title);
        out.add("");
        out.add(total + " execution samples of the server's threads.");
        out.add("");
        out.add("| component | charged (innermost non-JDK frame) | inclusive (anywhere on the stack) |");
        out.add("| --- | ---: | ---: |");
        charged.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.add("| " + e.getKey() + " | " + percent(e.getValue(), total) + " | "
                        + (inclusive.containsKey(e.getKey()) ? percent(inclusive.get(e.getKey()), total) : "") + " |"));
        out.add("");
        out.add("| hottest methods (innermost frame) | samples |");
        out.add("| --- | ---: |");
        leaves.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(TOP_METHODS)
                .forEach(e -> out.add("| `" + e.getKey() + "` | " + percent(e.getValue(), total) + " |"));
        return out;
    }

    private static String percent(int n, int total) {
        return total == 0 ? "0" : String.format(Locale.ROOT, "%.1f %%", 100.0 * n / total);
    }

    /** {@code BenchmarkProfile <recording.jfr>}: the whole recording's summary, for a recording made by hand. */
    public static void main(String[] args) throws IOException {
        summarise(Path.of(args[0]), Instant.MIN, Instant.MAX, args.length > 1 ? args[1] : args[0])
                .forEach(System.out::println);
    }
}
