package dev.twinstack.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the repository has, read from its files: the modules of the reactor and their poms (artifact ids, profiles,
 * properties, executions), the Java sources (class names and string literals), the keys of the application.properties
 * files, and the files on disk. The docs module itself (the checker and its fixtures) is left out of everything but
 * the module list, so that its own test data never makes a name exist.
 */
final class Project {

    /** A module's pom, read as text: only the few elements the checks need. */
    record Pom(Path dir, Path file, String artifactId, List<String> modules, Set<String> profiles, String text) {}

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PROFILE_ID =
            Pattern.compile("<profile>\\s*(?:<!--.*?-->\\s*)*<id>([^<]+)</id>", Pattern.DOTALL);
    private static final Pattern PROPERTY_REF = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern PROPERTIES_BLOCK = Pattern.compile("<properties>(.*?)</properties>", Pattern.DOTALL);
    private static final Pattern ELEMENT = Pattern.compile("<([\\w.\\-]+)>");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    private final Path root;
    private final Path checker;
    private final Map<Path, Pom> poms = new LinkedHashMap<>();
    private final List<Path> javaFiles = new ArrayList<>();
    private final Set<String> classes = new TreeSet<>();
    private final Set<String> simpleNames = new TreeSet<>();
    private final Set<String> packages = new TreeSet<>();
    private final Set<String> literals = new TreeSet<>();
    private final Set<String> configKeys = new TreeSet<>();
    private final Set<String> fileNames = new TreeSet<>();
    private final List<Path> files = new ArrayList<>();

    private Project(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.checker = this.root.resolve("docs");
    }

    /** Reads the repository whose root is {@code root}. */
    static Project of(Path root) {
        Project project = new Project(root);
        project.readPoms(project.root);
        project.readFiles();
        return project;
    }

    /** The repository root of the build this test runs in (the docs module's parent folder). */
    static Path buildRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    Path root() {
        return root;
    }

    private void readPoms(Path dir) {
        Path file = dir.resolve("pom.xml");
        if (!Files.exists(file)) {
            return;
        }
        String text = read(file);
        String withoutParent = text.replaceFirst("(?s)<parent>.*?</parent>", "");
        Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(withoutParent);
        String artifactId = artifact.find() ? artifact.group(1) : "";
        List<String> modules = new ArrayList<>();
        Matcher module = MODULE.matcher(text);
        while (module.find()) {
            modules.add(module.group(1).trim());
        }
        Set<String> profiles = new TreeSet<>();
        Matcher profile = PROFILE_ID.matcher(text);
        while (profile.find()) {
            profiles.add(profile.group(1).trim());
        }
        poms.put(root.relativize(dir), new Pom(root.relativize(dir), file, artifactId, modules, profiles, text));
        for (String m : modules) {
            readPoms(dir.resolve(m).normalize());
        }
    }

    private void readFiles() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !ignored(root.relativize(p)))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            fileNames.add(file.getFileName().toString());
            String name = file.getFileName().toString();
            if (file.startsWith(checker)) {
                if (name.endsWith(".java")) {
                    // The checker's own classes exist (its README names them); its strings resolve nothing.
                    simpleNames.add(name.replaceFirst("\\.java$", ""));
                }
                continue;
            }
            if (name.endsWith(".java")) {
                readJava(file);
            } else if (name.endsWith(".properties")) {
                readProperties(file);
            }
        }
    }

    /** Build output, version control and editor folders are not the repository's content. */
    private static boolean ignored(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private void readJava(Path file) {
        javaFiles.add(file);
        String text = read(file);
        String simple = file.getFileName().toString().replaceFirst("\\.java$", "");
        Matcher pkg = PACKAGE.matcher(text);
        String packageName = pkg.find() ? pkg.group(1) : "";
        simpleNames.add(simple);
        classes.add(packageName.isEmpty() ? simple : packageName + "." + simple);
        for (String p = packageName; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            packages.add(p);
        }
        // Nested types: "class X", "record X", "interface X", "enum X" inside the file.
        Matcher nested = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)")
                .matcher(text);
        while (nested.find()) {
            simpleNames.add(nested.group(1));
            if (!nested.group(1).equals(simple)) {
                classes.add(packageName + "." + simple + "." + nested.group(1));
            }
        }
        Matcher literal = STRING_LITERAL.matcher(text);
        while (literal.find()) {
            literals.add(literal.group(1));
        }
    }

    private void readProperties(Path file) {
        for (String line : read(file).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
            configKeys.add(key.replaceFirst("^%[\\w,-]+\\.", ""));
        }
    }

    Map<Path, Pom> poms() {
        return poms;
    }

    /** The module folder (relative to the root) that holds {@code file}, or the root. */
    Path moduleOf(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        Path best = Path.of("");
        for (Path dir : poms.keySet()) {
            if (relative.startsWith(dir) && dir.getNameCount() > best.getNameCount()) {
                best = dir;
            }
        }
        return best;
    }

    Optional<Pom> moduleWithArtifact(String artifactId) {
        return poms.values().stream()
                .filter(p -> p.artifactId().equals(artifactId))
                .findFirst();
    }

    boolean isModule(String path) {
        String clean = path.replaceAll("/+$", "");
        return poms.containsKey(Path.of(clean)) && !clean.isEmpty();
    }

    boolean hasProfile(String id) {
        return poms.values().stream().anyMatch(p -> p.profiles().contains(id));
    }

    /**
     * A property some pom declares in its {@code <properties>}, reads as {@code ${name}}, or sets for a test JVM (an
     * element of that name in {@code systemPropertyVariables}).
     */
    boolean pomReadsOrDeclares(String property) {
        for (Pom pom : poms.values()) {
            if (pom.text().contains("<" + property + ">")) {
                return true;
            }
            Matcher ref = PROPERTY_REF.matcher(pom.text());
            while (ref.find()) {
                if (ref.group(1).equals(property)) {
                    return true;
                }
            }
            Matcher block = PROPERTIES_BLOCK.matcher(pom.text());
            while (block.find()) {
                Matcher element = ELEMENT.matcher(block.group(1));
                while (element.find()) {
                    if (element.group(1).equals(property)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Some pom declares or reads a property starting with {@code prefix}. */
    boolean pomReadsOrDeclaresPrefix(String prefix) {
        return poms.values().stream()
                .anyMatch(p -> p.text().contains("${" + prefix) || p.text().contains("<" + prefix));
    }

    boolean declaresPlugin(String artifactId) {
        return poms.values().stream().anyMatch(p -> p.text().contains("<artifactId>" + artifactId + "</artifactId>"));
    }

    boolean codeHasLiteral(String text) {
        return literals.contains(text);
    }

    boolean codeHasLiteralStartingWith(String prefix) {
        return literals.stream().anyMatch(l -> l.startsWith(prefix));
    }

    boolean isConfigKey(String key) {
        return configKeys.contains(key);
    }

    boolean hasClass(String qualifiedName) {
        return classes.contains(qualifiedName);
    }

    boolean hasPackage(String name) {
        return packages.contains(name);
    }

    boolean hasSimpleName(String name) {
        return simpleNames.contains(name);
    }

    boolean hasFileNamed(String name) {
        return fileNames.contains(name);
    }

    boolean exists(Path relativeToRoot) {
        Path path = root.resolve(relativeToRoot).normalize();
        return path.startsWith(root) && Files.exists(path);
    }

    /** Every README.md of the repository and every Markdown page of docs/, in a stable order. */
    List<Path> documents() {
        return files.stream()
                .filter(p -> p.getFileName().toString().equals("README.md")
                        || (p.getParent().equals(checker) && p.toString().endsWith(".md")))
                .sorted()
                .toList();
    }

    /** The sources whose comments are read: Java, properties files and poms, outside the docs module. */
    List<Path> commentedSources() {
        return files.stream()
                .filter(p -> !p.startsWith(checker))
                .filter(p -> {
                    String name = p.getFileName().toString();
                    return name.endsWith(".java") || name.endsWith(".properties") || name.equals("pom.xml");
                })
                .sorted()
                .toList();
    }

    /** The main Java sources of one module. */
    List<Path> mainSources(Path module) {
        Path main = root.resolve(module).resolve("src/main/java");
        return javaFiles.stream().filter(p -> p.startsWith(main)).sorted().toList();
    }

    Path relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize());
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
