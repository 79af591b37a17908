package dev.twinstack.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What the lab observed of one injected fault: when it began, each observation of process or database state with its
 * time after the start, and when the fault was observed over. A fault whose effect was not observed in time is thrown
 * as {@link NotObserved}: it is never assumed after a sleep.
 */
final class FaultLog {

    /** The fault's effect was not seen (the process did not go, the port did not close) within its limit. */
    static final class NotObserved extends Exception {
        NotObserved(String what) {
            super(what);
        }
    }

    private final long startEpochMs = System.currentTimeMillis();
    private final List<String> observed = new ArrayList<>();
    private long endEpochMs;

    long startEpochMs() {
        return startEpochMs;
    }

    synchronized void observed(String what) {
        observed.add(at(System.currentTimeMillis() - startEpochMs, what));
    }

    /** An observation {@code ms} after the fault's start, as the results carry it. */
    static String at(long ms, String what) {
        return "+%d.%02d s: %s".formatted(ms / 1000, (ms % 1000) / 10, what);
    }

    /** The time of an observation, in seconds after the fault's start. */
    static double secondsOf(String observation) {
        return Double.parseDouble(observation.substring(1, observation.indexOf(" s: ")));
    }

    /** The fault is over: observed, with what showed it. */
    synchronized void end(String what) {
        observed(what);
        endEpochMs = System.currentTimeMillis();
    }

    synchronized long endEpochMs() {
        return endEpochMs;
    }

    synchronized List<String> observations() {
        return List.copyOf(observed);
    }
}
