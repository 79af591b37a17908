package dev.twinstack.docs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The project's command lines as picocli declares them: every {@code @Command} class of the project's modules on this
 * test class path, read through its {@link CommandSpec} (options and subcommands), so the docs are checked against
 * what the tools really accept, in both directions.
 */
final class Commands {

    private static final String PACKAGE_PATH = "dev/twinstack/";
    private static final String CHECKER_PACKAGE = Commands.class.getPackageName() + ".";

    private Commands() {}

    /** The {@code @Command} classes of the project's modules on the class path (the docs module's own excluded). */
    static List<Class<?>> onClassPath(Project project) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            // The reactor puts each module's own classes on the class path; anything else is no tool of this tree.
            if (!path.startsWith(project.root())
                    || path.startsWith(project.root().resolve("docs"))) {
                continue;
            }
            for (String className : classNames(path)) {
                if (className.startsWith(CHECKER_PACKAGE)) {
                    continue; // the checker's own fixtures are no tool of the project
                }
                Class<?> type = load(className);
                if (type != null && type.isAnnotationPresent(CommandLine.Command.class)) {
                    found.add(type);
                }
            }
        }
        return List.copyOf(found);
    }

    private static List<String> classNames(Path entry) {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            Path base = entry.resolve(PACKAGE_PATH);
            if (!Files.isDirectory(base)) {
                return names;
            }
            try (Stream<Path> walk = Files.walk(base)) {
                walk.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> entry.relativize(p).toString().replace(File.separatorChar, '/'))
                        .forEach(n -> names.add(toClassName(n)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (entry.getFileName().toString().startsWith("twinstack-")
                && entry.toString().endsWith(".jar")) {
            try (JarFile jar = new JarFile(entry.toFile())) {
                jar.stream()
                        .map(e -> e.getName())
                        .filter(n -> n.startsWith(PACKAGE_PATH) && n.endsWith(".class"))
                        .forEach(n -> names.add(toClassName(n)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static String toClassName(String resource) {
        return resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Commands.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // A class whose dependencies are not on this class path declares no command the docs could name.
            return null;
        }
    }

    static CommandSpec spec(Class<?> command) {
        return new CommandLine(command).getCommandSpec();
    }

    /**
     * Every option a user can give, by its longest name, per command path ({@code analysis budget}); picocli's standard
     * help and version options are left out, as every command has them.
     */
    static Map<String, List<String>> options(CommandSpec spec) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        collect(spec, spec.name(), options);
        return options;
    }

    private static void collect(CommandSpec spec, String path, Map<String, List<String>> into) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                names.add(option.longestName());
            }
        }
        into.put(path, names);
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            collect(sub.getValue().getCommandSpec(), path + " " + sub.getKey(), into);
        }
    }

    /** The module folder a command class was built from: its class folder or jar, in the build or the repository. */
    static Optional<Path> moduleOf(Class<?> command, Project project) {
        Path location;
        try {
            location = Path.of(command.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath()
                    .normalize();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (location.startsWith(project.root())) {
            return Optional.of(project.moduleOf(location));
        }
        // A jar from the local repository: .../dev/twinstack/<artifactId>/<version>/<artifactId>-<version>.jar
        String artifactId = location.getParent().getParent().getFileName().toString();
        return project.moduleWithArtifact(artifactId).map(Project.Pom::dir);
    }

    /** Options of {@code spec} that {@code readme} never names, each as a finding on the README. */
    static List<Finding> undocumented(CommandSpec spec, Path readme, String readmeText) {
        List<Finding> findings = new ArrayList<>();
        int line = firstLineNaming(readmeText, spec.userObject() == null ? spec.name() : simpleName(spec));
        for (Map.Entry<String, List<String>> command : options(spec).entrySet()) {
            for (String option : command.getValue()) {
                if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(option) + "(?![\\w-])")
                                .matcher(readmeText)
                                .find()
                        && !readmeText.contains(property(spec, option))) {
                    findings.add(new Finding(
                            readme,
                            line,
                            "option",
                            option,
                            "of command '" + command.getKey() + "' (" + className(spec)
                                    + ") is not documented in its module's README"));
                }
            }
        }
        return findings;
    }

    /**
     * The system property a tool may document an option as: {@code --lambda-idle} of the command {@code lab} is
     * {@code lab.lambdaIdle}, the form Maven passes it in (the lab reads each option's default from that property).
     */
    static String property(CommandSpec spec, String option) {
        StringBuilder camel = new StringBuilder(spec.root().name()).append('.');
        boolean upper = false;
        for (char c : option.replaceFirst("^-+", "").toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    private static String simpleName(CommandSpec spec) {
        Object user = spec.userObject();
        return user instanceof Class<?> c ? c.getSimpleName() : user.getClass().getSimpleName();
    }

    private static String className(CommandSpec spec) {
        Object user = spec.userObject();
        return user instanceof Class<?> c ? c.getName() : user.getClass().getName();
    }

    private static int firstLineNaming(String text, String name) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(name)) {
                return i + 1;
            }
        }
        return 1;
    }
}
