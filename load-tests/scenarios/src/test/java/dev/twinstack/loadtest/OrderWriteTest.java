package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.results.LedgerRecord;
import dev.twinstack.results.LedgerRecord.Item;
import dev.twinstack.results.LedgerRecord.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When a careful client sends an order write again, and what its ledger says of the write in the end. */
class OrderWriteTest {

    private static final String KEY = "2c9a-key";
    private static final List<Item> ITEMS = List.of(new Item("BOOK-1", 2));
    private static final String PLACED = "{\"id\":1001,\"userId\":42,\"status\":\"PLACED\",\"items\":[]}";
    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}";
    private static final RetryPolicy THREE_ATTEMPTS =
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));

    private final OrderWrite fresh = OrderWrite.of(KEY, 42, ITEMS);

    @Test
    void sendsTheSameBodyEveryAttempt() {
        assertEquals("{\"userId\":42,\"items\":[{\"sku\":\"BOOK-1\",\"qty\":2}]}", fresh.body());
        assertEquals(fresh.body(), fresh.answered(0, null).body());
    }

    @Test
    void isAcknowledgedByTheFirstAnswerNamingTheOrder() {
        OrderWrite write = fresh.answered(201, PLACED);

        assertFalse(write.goOn(THREE_ATTEMPTS));
        assertEquals(
                new LedgerRecord(KEY, 42, ITEMS, Outcome.ACKNOWLEDGED, List.of(1001L), 1, List.of(201)),
                write.record());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 500, 502, 503, 504, 409, 429})
    void sendsAgainWhileTheOutcomeIsUnknown(int status) {
        assertTrue(fresh.goOn(THREE_ATTEMPTS), "the first attempt");
        assertTrue(fresh.answered(status, PROBLEM).goOn(THREE_ATTEMPTS), "after " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 413, 415, 422})
    void takesAnyOther4xxAsFinalRefusal(int status) {
        OrderWrite refused = fresh.answered(status, PROBLEM);

        assertFalse(refused.goOn(THREE_ATTEMPTS));
        assertEquals(Outcome.REFUSED, refused.outcome());
    }

    @Test
    void givesUpAfterTheLastAttemptAndStaysAmbiguous() {
        OrderWrite write = fresh.answered(0, null).answered(503, PROBLEM).answered(502, "bad gateway");

        assertFalse(write.goOn(THREE_ATTEMPTS));
        assertEquals(
                new LedgerRecord(KEY, 42, ITEMS, Outcome.AMBIGUOUS, List.of(), 3, List.of(0, 503, 502)),
                write.record());
    }

    @Test
    void isAcknowledgedByAReplayAfterAnAmbiguousAttempt() {
        OrderWrite write = fresh.answered(504, PROBLEM).answered(200, PLACED);

        assertFalse(write.goOn(THREE_ATTEMPTS));
        assertEquals(Outcome.ACKNOWLEDGED, write.outcome());
        assertEquals(Optional.of(1001L), write.orderId());
        assertEquals(List.of(504, 200), write.record().statuses());
    }

    @Test
    void staysAmbiguousWhenAnEarlierAttemptWasStillInFlightAtTheEnd() {
        OrderWrite write = fresh.answered(0, null).answered(409, PROBLEM).answered(409, PROBLEM);

        assertEquals(Outcome.AMBIGUOUS, write.outcome());
    }

    @Test
    void isRefusedWhenEveryAttemptWasThrottled() {
        OrderWrite write = fresh.answered(429, PROBLEM).answered(429, PROBLEM).answered(429, PROBLEM);

        assertFalse(write.goOn(THREE_ATTEMPTS));
        assertEquals(Outcome.REFUSED, write.outcome());
    }

    @Test
    void takesASuccessWithoutAnOrderForAmbiguous() {
        OrderWrite write = fresh.answered(201, "<html>created</html>");

        assertTrue(write.goOn(THREE_ATTEMPTS));
        assertEquals(Outcome.AMBIGUOUS, write.outcome());
    }

    @Test
    void keepsEveryOrderItWasToldOfOnce() {
        OrderWrite write = fresh.answered(503, PROBLEM).answered(201, PLACED);

        assertEquals(List.of(1001L), write.answered(200, PLACED).orderIds());
        assertEquals(
                List.of(1001L, 1002L),
                write.answered(201, PLACED.replace("1001", "1002")).orderIds());
    }
}
