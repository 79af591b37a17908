package dev.twinstack.results;

/**
 * The machine a run ran on.
 *
 * @param cores the cores the lab's JVM saw
 * @param os operating system and architecture
 * @param java the lab's Java version
 */
public record Machine(int cores, String os, String java) {

    /** This JVM's machine. */
    public static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }
}
