package dev.twinstack.k8s;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The database slots (one per pooled connection) and the requests waiting for one, first come first served. A request
 * that finds no free slot may wait only if the wait it can expect stays within {@code max-wait}:
 *
 * <pre>expected wait = position in the queue × service time ÷ slots</pre>
 *
 * (each of the requests ahead, and the request itself, needs one slot to free, and the slots free at a rate of
 * {@code slots ÷ service time}), with the service time measured ({@link ServiceTime}). Two more rules refuse at once:
 * the queue's ceiling, and a pool that has not handed out a slot for a whole {@code max-wait} (the database is stuck:
 * no hold ends, so no measurement can say so). A queued request is refused when its own wait runs out.
 *
 * <p>Waiting requests are tickets, not threads: a slot freed by one request is handed straight to the next ticket.
 */
final class AdmissionQueue {

    /** What became of a request on arrival. */
    enum Admission {
        /** It holds a slot. */
        GRANTED,
        /** It waits for one: {@link Ticket#granted()} completes when it gets one. */
        QUEUED,
        /** Refused at once: waiting would take longer than max-wait, the queue is at its ceiling or the pool is stuck. */
        REFUSED
    }

    /** One request's place. Its state changes only under the queue's lock. */
    static final class Ticket {
        private final CompletableFuture<Void> granted = new CompletableFuture<>();
        private Admission admission;
        private long grantedAt;
        private boolean done;

        Admission admission() {
            return admission;
        }

        /** Completes when the request holds a slot. */
        CompletableFuture<Void> granted() {
            return granted;
        }
    }

    private final int slots;
    private final int ceiling;
    private final long maxWaitNanos;
    private final LongSupplier clock;
    private final ServiceTime serviceTime = new ServiceTime();
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int free;
    private long lastGrant;

    AdmissionQueue(int slots, int ceiling, long maxWaitNanos, LongSupplier clock) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one slot: " + slots);
        }
        this.slots = slots;
        this.ceiling = Math.max(0, ceiling);
        this.maxWaitNanos = maxWaitNanos;
        this.clock = clock;
        this.free = slots;
    }

    /**
     * The wait a request at {@code position} (1: next in line) can expect with {@code slots} slots busy, each hold
     * taking {@code serviceNanos}.
     */
    static long expectedWaitNanos(int position, long serviceNanos, int slots) {
        return Math.round((double) position * serviceNanos / slots);
    }

    /** A request arrives: it gets a free slot, a place in the queue, or a refusal. */
    synchronized Ticket enter() {
        Ticket ticket = new Ticket();
        long now = clock.getAsLong();
        if (free > 0 && waiting.isEmpty()) {
            free--;
            grant(ticket, now);
            ticket.granted.complete(null);
        } else if (mustRefuse(waiting.size() + 1, now)) {
            ticket.admission = Admission.REFUSED;
            ticket.done = true;
        } else {
            ticket.admission = Admission.QUEUED;
            waiting.addLast(ticket);
        }
        return ticket;
    }

    private boolean mustRefuse(int position, long now) {
        return position > ceiling
                || now - lastGrant >= maxWaitNanos
                || expectedWaitNanos(position, serviceTime.estimateNanos(), slots) > maxWaitNanos;
    }

    /** What became of a queued request whose wait ran out. */
    enum Expiry {
        /** A slot reached it first: it goes on, holding that slot. */
        HOLDS_SLOT,
        /** It leaves the queue, refused. */
        REFUSED,
        /** Its client had already gone: it has no slot and no one to answer. */
        GONE
    }

    /** A queued request's wait ran out: it leaves the queue and is refused, unless a slot reached it first. */
    synchronized Expiry expire(Ticket ticket) {
        if (ticket.admission == Admission.GRANTED) {
            return Expiry.HOLDS_SLOT;
        }
        if (ticket.done) {
            return Expiry.GONE;
        }
        waiting.remove(ticket);
        ticket.done = true;
        return Expiry.REFUSED;
    }

    /**
     * The request is over (answered, or its connection gone): a slot it held goes to the next in line, a place it held
     * in the queue is given up. Calling it again changes nothing.
     */
    void leave(Ticket ticket) {
        Ticket next = null;
        synchronized (this) {
            if (ticket.done) {
                return;
            }
            ticket.done = true;
            long now = clock.getAsLong();
            if (ticket.admission == Admission.QUEUED) {
                waiting.remove(ticket);
                return;
            }
            serviceTime.record(now - ticket.grantedAt);
            next = waiting.pollFirst();
            if (next == null) {
                free++;
            } else {
                grant(next, now);
            }
        }
        if (next != null) {
            // Outside the lock: completing resumes the waiting request.
            next.granted.complete(null);
        }
    }

    private void grant(Ticket ticket, long now) {
        ticket.admission = Admission.GRANTED;
        ticket.grantedAt = now;
        lastGrant = now;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized int free() {
        return free;
    }

    /** The measured service time, in nanoseconds (0 until the first hold ends). */
    synchronized long serviceTimeNanos() {
        return serviceTime.estimateNanos();
    }
}
