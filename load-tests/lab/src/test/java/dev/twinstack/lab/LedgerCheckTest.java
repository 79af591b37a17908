package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.results.Ledger;
import dev.twinstack.results.RequestRecord;
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

    private static RequestRecord request(String name, int status, Optional<String> leak) {
        return new RequestRecord(1_795_000_000_000L, name, status, Optional.of(5L), false, leak);
    }
}
