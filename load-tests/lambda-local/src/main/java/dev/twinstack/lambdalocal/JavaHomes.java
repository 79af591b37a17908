package dev.twinstack.lambdalocal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of the Java major version a managed runtime runs, so that environments run the same major as on Lambda:
 * the JDK given, else {@code JAVA<major>_HOME}, else the JDK running this service, else one installed in
 * {@code /usr/lib/jvm}. When none matches, environments run on this service's own JDK and the service says so.
 */
final class JavaHomes {

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final Path INSTALLED = Path.of("/usr/lib/jvm");

    /** The JDK environments run on; {@code matches} is whether its major is the runtime's. */
    record JavaHome(Path home, int major, boolean matches, String source) {

        Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    private JavaHomes() {}

    static JavaHome find(LambdaRuntime runtime, Path given) {
        return find(runtime, given, System.getenv(), Path.of(System.getProperty("java.home")), INSTALLED);
    }

    static JavaHome find(
            LambdaRuntime runtime, Path given, Map<String, String> environment, Path running, Path installed) {
        int wanted = runtime.javaMajor();
        if (given != null) {
            int major = major(given)
                    .orElseThrow(() -> new IllegalArgumentException("not a JDK (no release file): " + given));
            return new JavaHome(given, major, major == wanted, "given");
        }
        String variable = "JAVA" + wanted + "_HOME";
        if (environment.get(variable) != null) {
            Path home = Path.of(environment.get(variable));
            if (major(home).orElse(-1) == wanted) {
                return new JavaHome(home, wanted, true, variable);
            }
        }
        if (major(running).orElse(-1) == wanted) {
            return new JavaHome(running, wanted, true, "this service's JDK");
        }
        for (Path home : children(installed)) {
            if (major(home).orElse(-1) == wanted
                    && Files.isExecutable(home.resolve("bin").resolve("java"))) {
                return new JavaHome(home, wanted, true, installed.toString());
            }
        }
        return new JavaHome(
                running,
                major(running).orElse(Runtime.version().feature()),
                false,
                "this service's JDK: no JDK " + wanted + " given (--java-home), in " + variable + " or in "
                        + installed);
    }

    /** The feature version in a JDK's {@code release} file. */
    static Optional<Integer> major(Path home) {
        try {
            Matcher matcher = VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return new ArrayList<>(entries.sorted().toList());
        } catch (IOException e) {
            return List.of();
        }
    }
}
