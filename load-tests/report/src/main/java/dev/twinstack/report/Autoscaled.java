package dev.twinstack.report;

import static dev.twinstack.report.Format.NOT_MEASURED;

import dev.twinstack.results.Autoscaling;
import dev.twinstack.results.Replica;
import dev.twinstack.results.ReplicaOrigin;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Kubernetes target's autoscaling on the page: the HorizontalPodAutoscaler it followed, its decisions, why no
 * replica was added when none was, and the cold figures split so they compare like with like: the first requests of
 * replicas started before the load (pre-warmed: warm processes, not pod starts) apart from those of replicas the HPA
 * started under load.
 */
final class Autoscaled {

    private Autoscaled() {}

    static Optional<Autoscaling> of(TargetResult target) {
        return target.extras().autoscaling();
    }

    /** The replicas the HPA added under load. */
    static List<Replica> added(TargetResult target) {
        return target.extras().replicas().orElse(List.of()).stream()
                .filter(Replica::autoscaled)
                .toList();
    }

    /** How many of the target's cold requests were pre-warmed replicas' first requests. */
    static long prewarmedColdRequests(TargetResult target) {
        return target.extras().replicas().orElse(List.of()).stream()
                .filter(r ->
                        r.origin().filter(o -> o == ReplicaOrigin.PREWARMED).isPresent()
                                && r.coldRequestMs().isPresent())
                .count();
    }

    /**
     * The client-observed latencies of the cold requests of replicas started under load. The request log is in the
     * order requests ended, and every pre-warmed replica serves its first request as the load begins, before any
     * replica the HPA adds exists: the first ones are the pre-warmed replicas'.
     */
    static List<Long> startedUnderLoad(TargetResult target) {
        List<Long> cold = target.requests().coldLatenciesMs();
        int skip = (int) Math.min(cold.size(), prewarmedColdRequests(target));
        return cold.subList(skip, cold.size());
    }

    /** The cold starts row for a target with autoscaling. */
    static String coldStarts(TargetResult target) {
        long prewarmed = prewarmedColdRequests(target);
        int underLoad = startedUnderLoad(target).size();
        return "%s started under load; pre-warmed replicas' first requests left out: %d (not pod starts)"
                .formatted(Format.count(underLoad, "cold starts"), prewarmed);
    }

    /** A percentile of the cold requests of replicas started under load, with what the pre-warmed ones were. */
    static String coldPercentile(TargetResult target, double quantile) {
        List<Long> underLoad = startedUnderLoad(target);
        if (underLoad.isEmpty()) {
            return "none started under load (pre-warmed replicas only"
                    + Optional.of(target.requests().coldLatenciesMs())
                            .filter(l -> !l.isEmpty())
                            .map(l -> ": their first requests " + Format.ms(percentile(l, quantile)))
                            .orElse("")
                    + ")";
        }
        return "%s (of %s started under load)"
                .formatted(Format.ms(percentile(underLoad, quantile)), Format.count(underLoad.size(), "cold starts"));
    }

    /** Nearest rank. */
    static double percentile(List<Long> values, double quantile) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The HPA row: which one, its bounds, what it did. */
    static String summary(TargetResult target) {
        return of(target)
                .map(a -> {
                    int most = a.timeline().stream()
                            .mapToInt(Autoscaling.ReplicaSample::replicas)
                            .max()
                            .orElse(0);
                    long outs = a.decisions().stream()
                            .filter(d -> d.desired() > d.current())
                            .count();
                    long ins = a.decisions().stream()
                            .filter(d -> d.desired() < d.current())
                            .count();
                    int peak = a.decisions().stream()
                            .flatMap(d -> d.utilizationPercent().stream())
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(-1);
                    return ("%d to %d replicas at %d %% of %d millicores (%s); %s, %d scale-outs, %d scale-ins,"
                                    + " at most %d pods; peak utilization %s")
                            .formatted(
                                    a.minReplicas(),
                                    a.maxReplicas(),
                                    a.targetUtilization(),
                                    a.cpuRequestMillis(),
                                    a.hpa(),
                                    Format.count(a.decisions().size(), "syncs"),
                                    outs,
                                    ins,
                                    most,
                                    peak < 0 ? "not measured" : peak + " %");
                })
                .orElse(NOT_MEASURED);
    }

    /** Why no replica was added, or what was added. */
    static String whyNoReplica(TargetResult target) {
        return of(target)
                .map(a -> a.noScaleOut()
                        .orElseGet(() ->
                                "replicas were added: " + added(target).size() + " (their starts in the row above)"))
                .orElse(NOT_MEASURED);
    }

    /** One replica in the replicas row. */
    static String replica(Replica r) {
        if (r.origin().isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder("#" + r.replica());
        if (r.autoscaled()) {
            s.append(" added ").append(r.startedAtLoadSecond()).append(" s into the load: pod start → ready ");
        } else {
            s.append(" pre-warmed: ready ");
        }
        s.append(Format.ms(r.readyMs()));
        r.inRotationMs().ifPresent(ms -> s.append(", in rotation ").append(Format.ms(ms)));
        r.coldRequestMs()
                .ifPresent(
                        ms -> s.append(", first request ").append(Format.ms(ms)).append(" at the front"));
        r.stoppedAtLoadSecond()
                .ifPresent(sec -> s.append(", removed ").append(sec).append(" s into the load"));
        return s.toString();
    }

    /** Every decision as a line, for the pages. */
    static List<String> decisions(Autoscaling a) {
        return a.decisions().stream()
                .map(d -> "%s s: %s".formatted(String.format(Locale.ROOT, "%+.1f", d.t()), d.reason()))
                .toList();
    }

    /** The HPA's settings and source in a sentence. */
    static String settings(Autoscaling a) {
        return "HorizontalPodAutoscaler from " + a.hpa() + ": " + a.minReplicas() + " to " + a.maxReplicas()
                + " replicas, CPU target " + a.targetUtilization() + " % of " + a.cpuRequestMillis()
                + " millicores per pod; " + a.settings() + ".";
    }
}
