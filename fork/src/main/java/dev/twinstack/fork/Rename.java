package dev.twinstack.fork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renames the project for a fork: its Maven group, its Java package and its name, in every text file (code, poms,
 * templates, manifests, workflows, docs) and in every path. The current identity is read from the project itself
 * (the root pom's groupId and {@code <name>-parent} artifactId, the package of app's classes), so a renamed fork can
 * run it again. Needs only a JDK:
 *
 * <pre>java fork/src/main/java/dev/twinstack/fork/Rename.java --group com.acme --name orders [--package com.acme.orders] [--dir .]</pre>
 *
 * <p>Names change length, so the formatter re-wraps the Java code afterwards ({@code ./mvnw spotless:apply}, run by
 * the command unless {@code --no-format} is given): the renamed project passes the build's format check.
 *
 * <p>The name appears in three spellings, each replaced by the same spelling of the new name: lowercase in artifact
 * ids, Kubernetes names, labels, configuration keys, metric names and the database's name; upper case in environment
 * variables; capitalised in class and display names. The group appears reversed as the domain of annotation keys.
 */
public final class Rename {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".idea", ".vscode");
    /**
     * One lowercase word: the name is also a database and user name (an SQL identifier), a Java class name's stem, an
     * environment variable's prefix and a Prometheus metric's prefix, where a hyphen is not allowed or needs quoting.
     */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

    private static final Pattern JAVA_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** Who the project is: its group, its package and its name (kebab-case). */
    public record Identity(String group, String javaPackage, String name) {

        public Identity {
            require(JAVA_NAME.matcher(group).matches(), "group", group);
            require(JAVA_NAME.matcher(javaPackage).matches(), "package", javaPackage);
            require(NAME.matcher(name).matches(), "name (one lowercase word: letters, then letters or digits)", name);
        }

        /** The current identity of the project at {@code root}. */
        public static Identity of(Path root) throws IOException {
            String pom = Files.readString(root.resolve("pom.xml"));
            String group = first(pom, "<groupId>([^<]+)</groupId>");
            String artifact = first(pom, "<artifactId>([^<]+)-parent</artifactId>");
            Path sources = root.resolve("app/src/main/java");
            String javaPackage;
            try (Stream<Path> files = Files.walk(sources)) {
                javaPackage = files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
                        .reduce(Rename::commonPackage)
                        .orElseThrow(() -> new IllegalArgumentException("no Java sources in " + sources));
            }
            return new Identity(group, javaPackage, artifact);
        }

        String upper() {
            return name.toUpperCase(Locale.ROOT);
        }

        String capitalised() {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }

        /** The group as a domain: dev.example becomes example.dev. */
        String domain() {
            List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
            java.util.Collections.reverse(parts);
            return String.join(".", parts);
        }
    }

    private final Identity from;
    private final Identity to;
    private final Map<Pattern, String> replacements = new LinkedHashMap<>();

    public Rename(Identity from, Identity to) {
        this.from = from;
        this.to = to;
        // Most specific first: the group where Maven means a group, then the package, the domain, the name's spellings.
        replace("<groupId>" + from.group() + "</groupId>", "<groupId>" + to.group() + "</groupId>");
        replace(from.group() + ":", to.group() + ":");
        replace(from.javaPackage(), to.javaPackage());
        replace(from.javaPackage().replace('.', '/'), to.javaPackage().replace('.', '/'));
        replace(from.domain(), to.domain());
        replace(from.upper(), to.upper());
        replace(from.capitalised(), to.capitalised());
        replace(from.name(), to.name());
    }

    private void replace(String literal, String replacement) {
        replacements.putIfAbsent(Pattern.compile(Pattern.quote(literal)), Matcher.quoteReplacement(replacement));
    }

    /** The text with every spelling of the old identity replaced. */
    public String apply(String text) {
        String out = text;
        for (Map.Entry<Pattern, String> r : replacements.entrySet()) {
            out = r.getKey().matcher(out).replaceAll(r.getValue());
        }
        return out;
    }

    /** Rewrites every text file under {@code root} and moves every file whose path changes. Returns the files changed. */
    public List<Path> applyTo(Path root) throws IOException {
        List<Path> changed = new ArrayList<>();
        for (Path file : files(root)) {
            Path relative = root.relativize(file);
            Path target = root.resolve(apply(relative.toString()));
            String text = text(file);
            boolean moved = !target.equals(file);
            boolean rewritten = text != null && !apply(text).equals(text);
            if (rewritten) {
                Files.writeString(file, apply(text), StandardCharsets.UTF_8);
            }
            if (moved) {
                Files.createDirectories(target.getParent());
                Files.move(file, target);
            }
            if (moved || rewritten) {
                changed.add(root.relativize(target));
            }
        }
        deleteEmptyDirectories(root);
        return changed;
    }

    /** Formats the Java code of the project at {@code root} with its own build ({@code ./mvnw spotless:apply}). */
    public static int format(Path root, List<String> mavenOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-q", "spotless:apply"));
        command.addAll(mavenOptions);
        return new ProcessBuilder(command)
                .directory(root.toFile())
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Every file of the project: no build output, no VCS or editor metadata. */
    static List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(
                    Path dir, java.nio.file.attribute.BasicFileAttributes attributes) {
                return !dir.equals(root)
                                && SKIPPED_DIRECTORIES.contains(
                                        dir.getFileName().toString())
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                        : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(
                    Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** The file as UTF-8 text, or null for a binary file (a NUL byte, or not UTF-8). */
    static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void deleteEmptyDirectories(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory)
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (!dir.equals(root) && entries.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        }
    }

    private static String commonPackage(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int i = 0;
        while (i < x.length && i < y.length && x[i].equals(y[i])) {
            i++;
        }
        return String.join(".", List.of(x).subList(0, i));
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("not found in the root pom: " + regex);
        }
        return m.group(1);
    }

    private static void require(boolean ok, String what, String value) {
        if (!ok) {
            throw new IllegalArgumentException("not a valid " + what + ": '" + value + "'");
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean format = !arguments.remove("--no-format");
        Map<String, String> options = new LinkedHashMap<>();
        for (int k = 0; k + 1 < arguments.size(); k += 2) {
            options.put(arguments.get(k), arguments.get(k + 1));
        }
        if (arguments.size() % 2 != 0
                || !options.containsKey("--group")
                || !options.containsKey("--name")
                || !Set.of("--group", "--name", "--package", "--dir").containsAll(options.keySet())) {
            System.err.println(
                    "usage: Rename --group <maven group> --name <name, one lowercase word> [--package <java package,"
                            + " default: the group>] [--dir <project root, default: .>] [--no-format]");
            System.exit(2);
        }
        Path root = Path.of(options.getOrDefault("--dir", ".")).toAbsolutePath().normalize();
        try {
            Identity from = Identity.of(root);
            Identity to = new Identity(
                    options.get("--group"),
                    options.getOrDefault("--package", options.get("--group")),
                    options.get("--name"));
            List<Path> changed = new Rename(from, to).applyTo(root);
            System.out.printf(
                    "renamed %s (%s, %s) to %s (%s, %s): %d files%n",
                    from.name(),
                    from.group(),
                    from.javaPackage(),
                    to.name(),
                    to.group(),
                    to.javaPackage(),
                    changed.size());
            if (format && format(root, List.of()) != 0) {
                System.err.println("rename: done, but formatting failed: run ./mvnw spotless:apply before building");
                System.exit(1);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("rename: " + e.getMessage());
            System.exit(1);
        }
    }
}
