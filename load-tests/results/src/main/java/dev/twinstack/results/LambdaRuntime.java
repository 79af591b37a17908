package dev.twinstack.results;

/**
 * The managed runtime the environments modelled, and the JDK they ran on.
 *
 * @param runtime the runtime's identifier, as the template declares it (e.g. {@code java25})
 * @param javaMajor the major version of the JDK the environments ran on
 * @param javaHome that JDK
 * @param matchesRuntime whether that is the runtime's own major version
 * @param source where that JDK was found, or why none of the runtime's major was
 */
public record LambdaRuntime(String runtime, int javaMajor, String javaHome, boolean matchesRuntime, String source) {}
