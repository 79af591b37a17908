package dev.twinstack.lab;

import dev.twinstack.loadtest.LedgerReconciliation;
import dev.twinstack.results.Ledger;
import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.ResultsJson;
import dev.twinstack.results.TargetResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * After a target's load, while it still runs: the scenario's client ledger reconciled with the lab's database
 * ({@link LedgerReconciliation}), and the error bodies of the run that leaked the service's internals (from the
 * request log, where the scenario classified each error body).
 */
final class LedgerCheck {

    /** How many distinct leaks results.json names; the count covers them all. */
    static final int LEAKS_NAMED = 5;

    private LedgerCheck() {}

    /**
     * The ledger of a target's load reconciled with the lab's database (and said on the terminal); empty for a
     * deployment elsewhere, whose database the lab cannot read.
     */
    static Optional<Ledger> after(
            Target target, LabDatabase db, Path ledger, List<RequestRecord> requests, Progress progress)
            throws SQLException {
        if (db == null || target.applicationName() == null) {
            return Optional.empty();
        }
        try (Connection c = db.adminConnection()) {
            Ledger verdict = of(ledger, requests, c);
            progress.say("%s: ledger: %s".formatted(target.name(), summary(verdict)));
            return Optional.of(verdict);
        }
    }

    /**
     * Fails the run (after results.json and the report are written) when a target lost an acknowledged write, stored
     * one twice, or leaked internals in an error body.
     */
    static void failUnlessClean(List<TargetResult> measured) {
        List<String> missed = measured.stream()
                .filter(t -> t.ledger().filter(l -> !l.clean()).isPresent())
                .map(t -> t.name() + " (" + summary(t.ledger().orElseThrow()) + ")")
                .toList();
        if (!missed.isEmpty()) {
            throw new IllegalStateException("the client ledger missed its goals: " + missed);
        }
    }

    static Ledger of(Path ledger, List<RequestRecord> requests, Connection db) throws SQLException {
        List<LedgerRecord> writes = Files.exists(ledger) ? ResultsJson.readLedger(ledger) : List.of();
        LedgerReconciliation.Verdict verdict = LedgerReconciliation.reconcile(writes, db);
        List<RequestRecord> leaked =
                requests.stream().filter(r -> r.leak().isPresent()).toList();
        return new Ledger(
                writes.size(),
                verdict.acknowledged(),
                verdict.ambiguous(),
                verdict.storedAmbiguous(),
                writes.stream()
                        .filter(w -> w.outcome() == LedgerRecord.Outcome.REFUSED)
                        .count(),
                writes.stream().filter(w -> w.attempts() > 1).count(),
                verdict.lost(),
                verdict.duplicated(),
                verdict.unresolved(),
                leaked.size(),
                leaks(leaked));
    }

    /** The first few distinct leaks, each with the status and request it came with. */
    static List<String> leaks(List<RequestRecord> requests) {
        Set<String> named = new LinkedHashSet<>();
        for (RequestRecord r : requests) {
            if (named.size() == LEAKS_NAMED) {
                break;
            }
            r.leak().ifPresent(leak -> named.add("%d on %s: %s".formatted(r.status(), r.request(), leak)));
        }
        return List.copyOf(named);
    }

    /** One line for the terminal. */
    static String summary(Ledger ledger) {
        return "%d writes: %d acknowledged, %d ambiguous (%d stored), %d refused, %d retried; %d lost, %d duplicated,"
                        .formatted(
                                ledger.writes(),
                                ledger.acknowledged(),
                                ledger.ambiguous(),
                                ledger.storedAmbiguous(),
                                ledger.refused(),
                                ledger.retried(),
                                ledger.lost().size(),
                                ledger.duplicated().size())
                + " %d unresolved; %d error bodies leaked internals"
                        .formatted(ledger.unresolved().size(), ledger.leakedBodies());
    }
}
