package dev.twinstack.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The faults the lab injects under load ({@code lab.drill}), and the matrix of the targets each applies to: the
 * database failover on every target the lab runs, the proxy crash on the targets through PgBouncer (the others do not
 * go through it), an environment kill on the Lambda targets, a pod kill and a rolling restart on the Kubernetes
 * target. Drills of one target run in this order, one after the other, during one load.
 */
enum DrillKind {
    /** PostgreSQL stopped for {@link #OUTAGE} mid-load, then started again; PgBouncer stays up. */
    DB_FAILOVER("db-failover", 25),
    /** PgBouncer killed (SIGKILL) and started again: its client connections are lost. */
    PROXY_CRASH("proxy-crash", 15),
    /** A Lambda environment killed (SIGKILL) in the middle of an invocation. */
    KILL_ENV("kill-env", 15),
    /** A Kubernetes replica killed (SIGKILL) under load and restarted as the kubelet does. */
    KILL_POD("kill-pod", 25),
    /** Every replica replaced as the Deployment's rolling update does it. */
    ROLLING_RESTART("rolling-restart", 45);

    /** How long PostgreSQL stays down in {@link #DB_FAILOVER}. */
    static final int OUTAGE_SECONDS = 10;

    private final String label;
    /** What the drill takes on this machine with its recovery, for planning the load's length (not a measurement). */
    private final int plannedSeconds;

    DrillKind(String label, int plannedSeconds) {
        this.label = label;
        this.plannedSeconds = plannedSeconds;
    }

    String label() {
        return label;
    }

    int plannedSeconds() {
        return plannedSeconds;
    }

    /** Whether this drill applies to the lab target {@code target} (a name=url deployment takes none). */
    boolean appliesTo(String target) {
        boolean lambda = target.equals("lambda") || target.equals("lambda-ondemand") || target.equals("lambda-direct");
        return switch (this) {
            case DB_FAILOVER -> lambda || target.equals("k8s");
            case PROXY_CRASH -> target.equals("lambda") || target.equals("lambda-ondemand");
            case KILL_ENV -> lambda;
            case KILL_POD, ROLLING_RESTART -> target.equals("k8s");
        };
    }

    /** The drills of {@code target} among {@code chosen}, in the order they run. */
    static List<DrillKind> forTarget(List<DrillKind> chosen, String target) {
        return Arrays.stream(values())
                .filter(chosen::contains)
                .filter(d -> d.appliesTo(target))
                .toList();
    }

    /** {@code all}, one name, or names separated by commas; {@code none}, empty or blank: none. */
    static List<DrillKind> parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<DrillKind> chosen = new ArrayList<>();
        for (String name : spec.split(",")) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            if (wanted.equals("all")) {
                return List.of(values());
            }
            DrillKind kind = Arrays.stream(values())
                    .filter(d -> d.label.equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown drill '" + name.trim() + "'; known: "
                            + Arrays.stream(values()).map(DrillKind::label).collect(Collectors.joining(", "))
                            + ", all, none"));
            if (!chosen.contains(kind)) {
                chosen.add(kind);
            }
        }
        return List.copyOf(chosen);
    }
}
