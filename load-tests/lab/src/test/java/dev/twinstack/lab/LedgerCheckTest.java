package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.Extras;
import dev.twinstack.results.Ledger;
import dev.twinstack.results.RequestRecord;
import dev.twinstack.results.TargetResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the lab says of a target's ledger: the leaks it names, and its line on the terminal. */
class LedgerCheckTest {

    private static final String FRAME =
            "a stack frame (at dev.twinstack.orders.OrderService.place(OrderService.java:42))";

    @Test
    void namesEachDistinctLeakWithItsStatusAndRequestOnce() {
        List<RequestRecord> requests = List.of(
                request("find user", 200, Optional.empty()),
                request("place order", 500, Optional.of(FRAME)),
                request("place order", 500, Optional.of(FRAME)),
                request("list orders", 503, Optional.of("a SQL state (SQLSTATE)")));

        assertEquals(
                List.of("500 on place order: " + FRAME, "503 on list orders: a SQL state (SQLSTATE)"),
                LedgerCheck.leaks(requests));
    }

    @Test
    void namesNoMoreThanAFewLeaks() {
        List<RequestRecord> requests = IntStream.range(0, 20)
                .mapToObj(i -> request("place order", 500, Optional.of("an exception (E" + i + "Exception)")))
                .toList();

        assertEquals(LedgerCheck.LEAKS_NAMED, LedgerCheck.leaks(requests).size());
    }

    @Test
    void saysEveryFigureOnOneLine() {
        Ledger ledger = new Ledger(
                14, 11, 2, 1, 1, 3, List.of("k1"), List.of(), List.of("k2", "k3"), 4, List.of("500 on x: y"));

        assertEquals(
                "14 writes: 11 acknowledged, 2 ambiguous (1 stored), 1 refused, 3 retried; 1 lost, 0 duplicated,"
                        + " 2 unresolved; 4 error bodies leaked internals",
                LedgerCheck.summary(ledger));
    }

    @Test
    void failsTheRunWhenATargetLostOrDuplicatedAWriteOrLeakedABody() {
        TargetResult k8s = new TargetResult(
                "k8s",
                "replicas",
                true,
                Optional.empty(),
                RequestStats.of(List.of(), 0, r -> Optional.empty()),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Extras.NONE,
                Optional.empty(),
                List.of());
        Ledger clean = new Ledger(3, 2, 1, 1, 0, 1, List.of(), List.of(), List.of("k9"), 0, List.of());
        Ledger duplicated = new Ledger(3, 3, 0, 0, 0, 0, List.of(), List.of("k2"), List.of(), 0, List.of());
        Ledger leaked = new Ledger(3, 3, 0, 0, 0, 0, List.of(), List.of(), List.of(), 1, List.of("500 on x: y"));

        LedgerCheck.failUnlessClean(List.of(with(k8s, Optional.of(clean)), with(k8s, Optional.empty())));
        IllegalStateException stored = assertThrows(
                IllegalStateException.class,
                () -> LedgerCheck.failUnlessClean(List.of(with(k8s, Optional.of(duplicated)))));
        assertTrue(stored.getMessage().contains("1 duplicated"), stored.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> LedgerCheck.failUnlessClean(List.of(with(k8s, Optional.of(leaked)))));
    }

    private static TargetResult with(TargetResult t, Optional<Ledger> ledger) {
        return new TargetResult(
                t.name(),
                t.description(),
                t.slosMet(),
                t.gatlingReport(),
                t.requests(),
                t.peakConnections(),
                t.budget(),
                t.connections(),
                t.extras(),
                ledger,
                List.of());
    }

    private static RequestRecord request(String name, int status, Optional<String> leak) {
        return new RequestRecord(1_795_000_000_000L, name, status, Optional.of(5L), false, leak, false);
    }
}
