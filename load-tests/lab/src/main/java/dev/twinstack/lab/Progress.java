package dev.twinstack.lab;

import java.time.Duration;

/** Progress on the terminal: phase, target, elapsed time of the whole run. */
final class Progress {

    private final long start = System.nanoTime();

    void say(String message) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("[lab %02d:%02d] %s%n", elapsed.toMinutes(), elapsed.toSecondsPart(), message);
    }
}
