package dev.twinstack.k8s;

import static dev.twinstack.k8s.AdmissionQueue.Admission.GRANTED;
import static dev.twinstack.k8s.AdmissionQueue.Admission.QUEUED;
import static dev.twinstack.k8s.AdmissionQueue.Admission.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.k8s.AdmissionQueue.Ticket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who gets a slot, who waits for one and who is refused at once, on a clock the test moves. */
class AdmissionQueueTest {

    private static final long MS = 1_000_000;
    private static final int SLOTS = 8;
    private static final long MAX_WAIT = 1_000 * MS;
    private static final int CEILING = 1_000;

    private long now = 1_000_000 * MS;
    private final AdmissionQueue queue = new AdmissionQueue(SLOTS, CEILING, MAX_WAIT, () -> now);

    @Test
    void expectedWaitIsPositionTimesServiceTimeOverSlots() {
        assertEquals(5 * MS, AdmissionQueue.expectedWaitNanos(1, 40 * MS, 8));
        assertEquals(1_000 * MS, AdmissionQueue.expectedWaitNanos(200, 40 * MS, 8));
        assertEquals(1_025 * MS, AdmissionQueue.expectedWaitNanos(205, 40 * MS, 8));
        assertEquals(0, AdmissionQueue.expectedWaitNanos(1_000, 0, 8));
    }

    @Test
    void aBurstThePoolServesWithinMaxWaitAllWaits() {
        // given holds measured at 40 ms: 8 slots free one every 5 ms
        measure(40 * MS);

        // when 208 requests arrive at one instant
        List<Ticket> burst = enter(208);

        // then 8 run and the other 200 wait (the last one can expect 200 x 40 ms / 8 = 1 s, the maximum)
        assertEquals(8, count(burst, GRANTED));
        assertEquals(200, count(burst, QUEUED));
        assertEquals(0, count(burst, REFUSED));
    }

    @Test
    void beyondWhatThePoolServesWithinMaxWaitRequestsAreRefusedAtOnce() {
        // given holds measured at 40 ms and a burst already waiting its maximum
        measure(40 * MS);
        enter(208);

        // when more arrive
        List<Ticket> more = enter(50);

        // then each is refused at once: it could expect more than 1 s
        assertEquals(50, count(more, REFUSED));
        assertEquals(200, queue.waiting());
    }

    @Test
    void slowerServiceShortensTheQueue() {
        // given holds measured at 500 ms: a slot frees every 62.5 ms
        measure(500 * MS);

        // when 40 requests arrive at one instant
        List<Ticket> burst = enter(40);

        // then 8 run, 16 wait (16 x 500 ms / 8 = 1 s) and 16 are refused at once
        assertEquals(List.of(8, 16, 16), List.of(count(burst, GRANTED), count(burst, QUEUED), count(burst, REFUSED)));
    }

    @Test
    void theCeilingHoldsWhateverTheEstimate() {
        // given a queue of ceiling 2 and no measurement yet
        AdmissionQueue small = new AdmissionQueue(2, 2, MAX_WAIT, () -> now);

        // when 10 requests arrive
        List<Ticket> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(small.enter());
        }

        // then 2 run, 2 wait and 6 are refused
        assertEquals(List.of(2, 2, 6), List.of(count(burst, GRANTED), count(burst, QUEUED), count(burst, REFUSED)));
    }

    @Test
    void aFreedSlotGoesToTheFirstInLine() {
        // given every slot taken and two requests waiting
        List<Ticket> running = enter(SLOTS);
        Ticket first = queue.enter();
        Ticket second = queue.enter();

        // when one request ends
        now += 10 * MS;
        queue.leave(running.get(3));

        // then the first in line holds its slot, the second still waits
        assertEquals(GRANTED, first.admission());
        assertTrue(first.granted().isDone());
        assertFalse(second.granted().isDone());
        assertEquals(1, queue.waiting());
        assertEquals(0, queue.free());
        assertEquals(10 * MS, queue.serviceTimeNanos(), "the hold that ended is measured");
    }

    @Test
    void aStuckPoolRefusesAtOnceOnceNoSlotChangedHandsForMaxWait() {
        // given holds measured at 1 ms, then every slot taken by requests that do not end
        measure(1 * MS);
        enter(SLOTS);
        Ticket early = queue.enter();

        // when no slot has changed hands for max-wait
        now += MAX_WAIT;
        Ticket late = queue.enter();

        // then the request that came early waited; one that comes now is refused at once
        assertEquals(QUEUED, early.admission());
        assertEquals(REFUSED, late.admission());
    }

    @Test
    void anExpiredWaitLeavesTheQueueUnlessASlotCameFirst() {
        // given every slot taken and two requests waiting
        List<Ticket> running = enter(SLOTS);
        Ticket granted = queue.enter();
        Ticket expired = queue.enter();

        // when a slot reaches the first just as both waits run out
        queue.leave(running.get(0));

        // then the first keeps its slot, the second leaves the queue refused
        assertEquals(AdmissionQueue.Expiry.HOLDS_SLOT, queue.expire(granted));
        assertEquals(AdmissionQueue.Expiry.REFUSED, queue.expire(expired));
        assertEquals(0, queue.waiting());
        assertFalse(expired.granted().isDone(), "an expired request never gets a slot");
    }

    @Test
    void aClientGoneWhileWaitingGivesUpItsPlaceAndNoSlotIsLost() {
        // given every slot taken and one request waiting
        List<Ticket> running = enter(SLOTS);
        Ticket gone = queue.enter();

        // when its connection closes, and later every running request ends (one of them twice)
        queue.leave(gone);
        running.forEach(queue::leave);
        queue.leave(running.get(0));

        // then the queue is empty and every slot is free again, no more, and when its wait runs out it is not let
        // through without a slot
        assertEquals(0, queue.waiting());
        assertEquals(SLOTS, queue.free());
        assertFalse(gone.granted().isDone());
        assertEquals(AdmissionQueue.Expiry.GONE, queue.expire(gone));
    }

    /** Fills the estimate with holds of one length. */
    private void measure(long hold) {
        for (int i = 0; i < ServiceTime.WINDOW; i++) {
            Ticket t = queue.enter();
            now += hold;
            queue.leave(t);
        }
        assertEquals(hold, queue.serviceTimeNanos());
    }

    private List<Ticket> enter(int requests) {
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            tickets.add(queue.enter());
        }
        return tickets;
    }

    private static int count(List<Ticket> tickets, AdmissionQueue.Admission admission) {
        return (int) tickets.stream().filter(t -> t.admission() == admission).count();
    }
}
