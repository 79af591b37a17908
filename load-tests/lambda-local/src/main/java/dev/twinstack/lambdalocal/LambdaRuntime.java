package dev.twinstack.lambdalocal;

/**
 * Lambda's managed Java runtimes: the identifier a template names, the Java major version it runs, and where its
 * JVM options differ. Tiered compilation stops at C1 by default on java17 and java21; java25 keeps that for
 * on-demand functions but leaves the JVM's default (C2 included) for SnapStart, whose compilation work happens before
 * the snapshot (Lambda Developer Guide, <em>Customize Java runtime startup behavior for Lambda functions</em>).
 */
public enum LambdaRuntime {
    JAVA17("java17", 17, true),
    JAVA21("java21", 21, true),
    JAVA25("java25", 25, false);

    private final String id;
    private final int javaMajor;
    private final boolean c1OnlyWithSnapStart;

    LambdaRuntime(String id, int javaMajor, boolean c1OnlyWithSnapStart) {
        this.id = id;
        this.javaMajor = javaMajor;
        this.c1OnlyWithSnapStart = c1OnlyWithSnapStart;
    }

    /** The identifier in a template's {@code Runtime} and in {@code AWS_EXECUTION_ENV}. */
    public String id() {
        return id;
    }

    public int javaMajor() {
        return javaMajor;
    }

    /** Whether the runtime stops tiered compilation at level 1 (C1) for a function with or without SnapStart. */
    boolean stopsAtC1(boolean snapStart) {
        return !snapStart || c1OnlyWithSnapStart;
    }

    /** The runtime a template names, e.g. {@code java25}. */
    public static LambdaRuntime of(String id) {
        for (LambdaRuntime runtime : values()) {
            if (runtime.id.equals(id)) {
                return runtime;
            }
        }
        throw new IllegalArgumentException(
                "not a managed Java runtime with SnapStart: " + id + " (java17, java21 or java25)");
    }

    @Override
    public String toString() {
        return id;
    }
}
