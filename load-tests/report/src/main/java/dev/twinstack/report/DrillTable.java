package dev.twinstack.report;

import dev.twinstack.results.Drill;
import dev.twinstack.results.DrillVerdict;
import dev.twinstack.results.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One target's drills as table rows, for both pages: the fault's window on the timeline, the errors it caused by
 * cause and by status (with or without Retry-After), the recovery, the verdict, and the client ledger's verdict.
 */
final class DrillTable {

    static final List<String> HEADINGS = List.of(
            "drill",
            "fault window",
            "errors in window",
            "errors by cause",
            "errors by status",
            "recovery",
            "verdict",
            "ledger");

    /**
     * The ledger's column when the target has no ledger (a deployment the lab does not run). The ledger is reconciled
     * once, after the target's whole load, so every drill of a target shows the same verdict: lost / duplicated /
     * unresolved writes over all its faults.
     */
    static final String NO_LEDGER = "not measured in this run";

    private DrillTable() {}

    static List<List<String>> rows(TargetResult target) {
        List<List<String>> rows = new ArrayList<>();
        for (Drill d : target.drills()) {
            rows.add(List.of(
                    d.name(),
                    String.format(Locale.US, "%.1f–%.1f s (%.1f s)", d.startS(), d.endS(), d.endS() - d.startS()),
                    "%d of %d".formatted(d.errors(), d.requests()),
                    causes(d),
                    statuses(d),
                    d.recoveryMs().map(ms -> Format.ms(ms)).orElse("none before the load ended"),
                    verdict(d.verdict()),
                    target.ledger()
                            .map(l -> "whole load: " + SummaryTable.verdict(l))
                            .orElse(NO_LEDGER)));
        }
        return rows;
    }

    static String causes(Drill d) {
        if (d.errorsByCause().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        d.errorsByCause().forEach((cause, n) -> parts.add(cause.label() + ": " + n));
        return String.join(", ", parts);
    }

    static String statuses(Drill d) {
        if (d.errorsByStatus().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Drill.StatusCount s : d.errorsByStatus()) {
            parts.add(
                    s.status() == 0
                            ? "no response: " + s.count()
                            : "%d %s Retry-After: %d"
                                    .formatted(s.status(), s.retryAfter() ? "with" : "without", s.count()));
        }
        return String.join(", ", parts);
    }

    static String verdict(DrillVerdict verdict) {
        return switch (verdict) {
            case RECOVERED -> "fault observed, recovered";
            case FAULT_NOT_OBSERVED -> "FAILED: fault not observed";
            case NOT_RECOVERED -> "FAILED: not recovered";
        };
    }

    /** What the lab observed of a drill's fault, one line each, prefixed with the drill's name. */
    static List<String> observations(Drill d) {
        return d.observed().stream()
                .map(o -> d.name().toLowerCase(Locale.ROOT) + " " + o)
                .toList();
    }
}
