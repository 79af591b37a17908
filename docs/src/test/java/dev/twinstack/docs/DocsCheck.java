package dev.twinstack.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads every README.md of the repository and every page of docs/, and the comments of the sources, and reports each
 * name there that the project does not have: {@code -D} properties no pom or code reads, {@code -P} profiles no pom
 * declares, {@code -pl} module paths, files, classes, command options, and a few facts the docs repeat from one
 * source. In the other direction it reports every setting a tool reads that its module's README does not document.
 *
 * <p>What cannot be checked is excluded by the explicit rules below, each with its reason: URLs, absolute paths (API
 * paths such as {@code /q/health/live} and system files such as {@code /usr/bin/chromium}), placeholders written
 * with {@code <...>}, {@code ...} or {@code path/to/}, build outputs under {@code target/} (only the module before it
 * is checked), and properties of the tools the poms declare ({@link #TOOL_PROPERTIES}).
 */
final class DocsCheck {

    /**
     * {@code -D} properties read by a tool the build declares, not by this project's code: each prefix (or exact name)
     * with the plugin whose declaration in a pom makes it resolvable.
     */
    static final Map<String, String> TOOL_PROPERTIES = Map.ofEntries(
            Map.entry("quarkus.", "quarkus-maven-plugin"),
            Map.entry("jib.", "jib-maven-plugin"),
            Map.entry("spotless.", "spotless-maven-plugin"),
            Map.entry("skipTests", "maven-surefire-plugin"),
            Map.entry("surefire.", "maven-surefire-plugin"),
            Map.entry("test", "maven-surefire-plugin"),
            Map.entry("it.test", "maven-failsafe-plugin"),
            Map.entry("skipITs", "maven-failsafe-plugin"),
            Map.entry("mdep.", "maven-dependency-plugin"));

    /** The JDK's own system properties, which tools read but nobody sets for them. */
    private static final Pattern JDK_PROPERTY = Pattern.compile("(java|os|user|line|file|path|sun)\\..*");

    /** Placeholders a page uses on purpose in place of a real path. */
    private static final List<String> PLACEHOLDER_PATHS = List.of("path/to/", "some/dir");

    /** The modules whose settings users pass: every system property or variable their code reads is documented. */
    static final List<String> TOOL_MODULES = List.of("load-tests/lab", "load-tests/lambda-local", "load-tests/report");

    /**
     * A {@code -D} property: Java property names start with a lower-case letter (which leaves out header fragments such
     * as {@code -Deadline-Ms}); a trailing {@code .*} names a whole prefix ({@code -Dlab.*}).
     */
    private static final Pattern PROPERTY = Pattern.compile("(?<![\\w-])-D([a-z][\\w.\\-]*\\w|[a-z])(\\.\\*)?");

    private static final Pattern PROFILE = Pattern.compile("(?<![\\w-])-P([\\w.,!-]+)");
    private static final Pattern MODULES = Pattern.compile("(?<![\\w-])-pl\\s+([^\\s]+)");
    /** A plugin goal on a Maven command line ({@code gatling:test}). */
    private static final Pattern GOAL = Pattern.compile("(?<=\\s)([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)(?=\\s|$)");
    /** Plugins of Maven's own group that a command line may name without any pom declaring them. */
    private static final List<String> MAVEN_OWN_PLUGINS = List.of("dependency", "help");

    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.twinstack(?:\\.[A-Za-z_]\\w*)+");
    private static final Pattern COORDINATES = Pattern.compile("\\bdev\\.twinstack:([\\w.-]+)");
    /** A test class by its simple name (an annotation such as {@code @QuarkusTest} is not one). */
    private static final Pattern TEST_CLASS =
            Pattern.compile("(?<![@\\w])[A-Z][A-Za-z0-9]*(?:Test|IT|Spec|Benchmark)\\b");

    private static final Pattern PROCESS_TALK = Pattern.compile("(?i)\\bthe issue(?:'s)?\\b|\\bissue\\s+#?\\d+");
    private static final Pattern PENDING =
            Pattern.compile("(?i)\\b(?:not|no|never)\\b[^.;]*\\byet\\b|\\buntil then\\b|\\bnot done yet\\b");
    private static final Pattern STATUS_WITH_MEANING = Pattern.compile("\\b([1-5]\\d\\d)\\s*\\(([^)]*)\\)");
    private static final Pattern LAMBDA_THROTTLE = Pattern.compile("(?i)lambda[^)]*throttl|throttl[^)]*lambda");
    private static final Pattern DURATION =
            Pattern.compile("(?i)\\b(?:about|~)\\s*(\\d+)\\s*minutes?\\b|\\b(\\d+)\\s*min\\s*(\\d+)\\s*s\\b");
    private static final Pattern WRITES = Pattern.compile("(?i)\\bwrites?\\b|\\bwritten\\b");
    private static final Pattern DELETE_IN_EXECUTION =
            Pattern.compile("<execution>\\s*(?:<!--.*?-->\\s*)*<id>([^<]+)</id>(.*?)</execution>", Pattern.DOTALL);
    private static final Pattern DELETED_FILE = Pattern.compile("<delete\\s+file=\"[^\"]*?([^/\"]+)\"");
    private static final Pattern SETTING_READ = Pattern.compile(
            "(?:System\\.getProperty|Integer\\.getInteger|Long\\.getLong|Boolean\\.getBoolean|System\\.getenv)"
                    + "\\(\\s*\"([^\"]+)\"");
    private static final Pattern TWINSTACK_DEPENDENCY =
            Pattern.compile("<groupId>dev\\.twinstack</groupId>\\s*<artifactId>([^<]+)</artifactId>");
    private static final List<String> PATH_EXTENSIONS = List.of(
            "md",
            "java",
            "xml",
            "yaml",
            "yml",
            "properties",
            "json",
            "jsonl",
            "sh",
            "sql",
            "css",
            "js",
            "conf",
            "zip",
            "jar",
            "jsa",
            "aot",
            "html",
            "png",
            "txt");

    private final Project project;
    private final List<Finding> findings = new ArrayList<>();

    DocsCheck(Project project) {
        this.project = project;
    }

    /** Every finding of every rule, by file and line. */
    List<Finding> run() {
        for (Path doc : project.documents()) {
            checkDocument(doc, new Markdown(Project.read(doc)));
        }
        checkThrottleStatus();
        for (Path source : project.commentedSources()) {
            checkComments(source);
        }
        checkPoms();
        checkToolSettings();
        checkCommandOptions();
        findings.sort(Comparator.comparing((Finding f) -> f.file().toString()).thenComparingInt(Finding::line));
        return List.copyOf(findings);
    }

    // --- documents ------------------------------------------------------------------------------------------------

    void checkDocument(Path doc, Markdown page) {
        Path file = project.relative(doc);
        Map<Integer, String> cdInBlock = new LinkedHashMap<>();
        for (Markdown.Code code : page.code()) {
            String text = code.text();
            checkProperties(file, code.line(), text);
            checkProfiles(file, code.line(), text);
            checkModules(file, code.line(), text);
            checkGoals(file, code.line(), text);
            checkClasses(file, code.line(), text);
            checkCommandLine(file, code.line(), text);
            String base = code.fenced() ? cdInBlock.get(code.block()) : null;
            if (code.fenced() && text.strip().startsWith("cd ")) {
                cdInBlock.put(code.block(), text.strip().substring(3).strip());
            }
            // A -pl argument is a module path, checked as such above.
            for (String token : text.replaceAll("(?<![\\w-])-pl\\s+\\S+", "").split("\\s+")) {
                checkPath(file, code.line(), token, base);
            }
        }
        for (Markdown.Link link : page.links()) {
            checkLink(file, link);
        }
        for (Markdown.Paragraph paragraph : page.paragraphs()) {
            checkProse(file, page, paragraph);
        }
        checkDurations(file, page);
        checkRewrittenOutputs(file, page);
    }

    private void checkProperties(Path file, int line, String text) {
        Matcher m = PROPERTY.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (name.matches(".*-[A-Z].*")) {
                continue; // a header name's tail such as -Deadline-Ms, not a property
            }
            boolean prefix = m.group(2) != null;
            boolean resolves = prefix
                    ? project.codeHasLiteralStartingWith(name + ".") || project.pomReadsOrDeclaresPrefix(name + ".")
                    : propertyResolves(name);
            if (!resolves) {
                add(
                        file,
                        line,
                        "property",
                        "-D" + name + (prefix ? ".*" : ""),
                        "is read by no pom and no code of " + "the project");
            }
        }
    }

    boolean propertyResolves(String name) {
        for (Map.Entry<String, String> tool : TOOL_PROPERTIES.entrySet()) {
            String key = tool.getKey();
            boolean matches = key.endsWith(".") ? name.startsWith(key) : name.equals(key);
            if (matches) {
                return project.declaresPlugin(tool.getValue()) || isDefaultPlugin(tool.getValue());
            }
        }
        return project.pomReadsOrDeclares(name)
                || project.codeHasLiteral(name)
                || project.codeHasLiteralStartingWith("-D" + name + "=")
                || project.isConfigKey(name);
    }

    /** Plugins Maven binds by default, so a pom need not declare them to read their properties. */
    private static boolean isDefaultPlugin(String artifactId) {
        return artifactId.equals("maven-surefire-plugin") || artifactId.equals("maven-dependency-plugin");
    }

    private void checkProfiles(Path file, int line, String text) {
        Matcher m = PROFILE.matcher(text);
        while (m.find()) {
            for (String id : m.group(1).split(",")) {
                String clean = id.replaceFirst("^!", "");
                if (!clean.isEmpty() && !project.hasProfile(clean)) {
                    add(file, line, "profile", "-P" + clean, "is declared by no pom");
                }
            }
        }
    }

    private void checkModules(Path file, int line, String text) {
        Matcher m = MODULES.matcher(text);
        while (m.find()) {
            for (String module : m.group(1).split(",")) {
                if (module.contains("<")) {
                    continue; // a placeholder
                }
                boolean known = module.startsWith(":")
                        ? project.moduleWithArtifact(module.substring(1)).isPresent()
                        : project.isModule(module);
                if (!known) {
                    add(file, line, "module", module, "is no module of the reactor");
                }
            }
        }
    }

    /** A goal on a {@code mvnw} command line belongs to a plugin some pom declares (by Maven's prefix convention). */
    private void checkGoals(Path file, int line, String text) {
        if (!text.contains("mvnw")) {
            return;
        }
        Matcher m = GOAL.matcher(text);
        while (m.find()) {
            String prefix = m.group(1);
            boolean known = MAVEN_OWN_PLUGINS.contains(prefix)
                    || project.declaresPlugin(prefix + "-maven-plugin")
                    || project.declaresPlugin("maven-" + prefix + "-plugin");
            if (!known) {
                add(file, line, "goal", m.group(), "belongs to no plugin the poms declare");
            }
        }
    }

    private void checkClasses(Path file, int line, String text) {
        Matcher m = QUALIFIED.matcher(text);
        while (m.find()) {
            checkQualifiedName(file, line, m.group());
        }
        Matcher coordinates = COORDINATES.matcher(text);
        while (coordinates.find()) {
            if (project.moduleWithArtifact(coordinates.group(1)).isEmpty()) {
                add(file, line, "artifact", "dev.twinstack:" + coordinates.group(1), "is built by no module");
            }
        }
        Matcher test = TEST_CLASS.matcher(text);
        while (test.find()) {
            if (!project.hasSimpleName(test.group())) {
                add(file, line, "class", test.group(), "has no source in the repository");
            }
        }
    }

    private void checkQualifiedName(Path file, int line, String name) {
        String[] parts = name.split("\\.");
        StringBuilder prefix = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (Character.isUpperCase(part.charAt(0))) {
                String type = prefix + "." + part;
                if (!project.hasClass(type)) {
                    add(file, line, "class", type, "has no source in the repository");
                } else if (i + 1 < parts.length && parts[i + 1].matches("[A-Z][a-z]\\w*")) {
                    String nested = type + "." + parts[i + 1];
                    if (!project.hasClass(nested)) {
                        add(file, line, "class", nested, "has no source in the repository");
                    }
                }
                return;
            }
            prefix.append('.').append(part);
        }
        if (!project.hasPackage(name)) {
            add(file, line, "package", name, "has no source in the repository");
        }
    }

    /**
     * A command line that runs one of the project's picocli commands: the subcommand and every {@code --option} after
     * the class name must be declared by it.
     */
    void checkCommandLine(Path file, int line, String text) {
        Matcher m = QUALIFIED.matcher(text);
        while (m.find()) {
            Optional<CommandSpec> spec = commandSpec(m.group());
            if (spec.isEmpty()) {
                continue;
            }
            CommandSpec current = spec.get();
            String path = current.name();
            String[] args = text.substring(m.end()).strip().split("[\\s\\[\\]]+");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (i == 0
                        && !arg.isEmpty()
                        && !arg.startsWith("-")
                        && !current.subcommands().isEmpty()) {
                    CommandLine sub = current.subcommands().get(arg);
                    if (sub == null) {
                        add(file, line, "subcommand", path + " " + arg, "is not a subcommand of " + m.group());
                        return;
                    }
                    current = sub.getCommandSpec();
                    path = path + " " + arg;
                } else if (arg.startsWith("--")) {
                    String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                    if (current.findOption(option) == null) {
                        add(file, line, "option", option, "is not an option of command '" + path + "'");
                    }
                }
            }
        }
    }

    private Optional<CommandSpec> commandSpec(String className) {
        try {
            Class<?> type = Class.forName(className, false, DocsCheck.class.getClassLoader());
            return type.isAnnotationPresent(CommandLine.Command.class)
                    ? Optional.of(Commands.spec(type))
                    : Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    void checkPath(Path file, int line, String raw, String cdBase) {
        String token = raw.replaceAll("^[\"'(\\[]+", "").replaceAll("[\"'),;:.\\]]+$", "");
        if (token.isEmpty()
                || token.startsWith("-")
                || token.startsWith("/")
                || token.matches(".*(://|<|>|\\.\\.\\.|…|\\*|\\{|}|\\$|=|@|\\||\\?|\\\\|\\+|%|#).*")
                || PLACEHOLDER_PATHS.stream().anyMatch(token::startsWith)) {
            return;
        }
        String extension = token.contains(".") ? token.substring(token.lastIndexOf('.') + 1) : "";
        boolean hasExtension = PATH_EXTENSIONS.contains(extension);
        Path dir = file.getParent() == null ? Path.of("") : file.getParent();
        if (!token.contains("/")) {
            if (hasExtension
                    && !token.startsWith(".")
                    && !project.hasFileNamed(token)
                    && !project.codeHasLiteralStartingWith(token)
                    && !project.codeHasLiteral(token)
                    && project.poms().values().stream().noneMatch(p -> p.text().contains(token))) {
                add(file, line, "file", token, "exists nowhere in the repository, and no code or pom writes it");
            }
            return;
        }
        List<Path> bases = new ArrayList<>();
        if (cdBase != null) {
            bases.add(Path.of(cdBase));
        }
        bases.add(dir);
        bases.add(project.moduleOf(project.root().resolve(file)));
        bases.add(Path.of(""));
        String first = token.split("/")[0];
        boolean anchored = token.endsWith("/")
                || hasExtension
                || bases.stream().anyMatch(b -> project.exists(b.resolve(first)) && !first.isEmpty());
        if (!anchored) {
            return;
        }
        int target = (("/" + token + "/").indexOf("/target/"));
        if (target >= 0) {
            String before = target == 0 ? "" : token.substring(0, target - 1);
            if (bases.stream().noneMatch(b -> project.exists(b.resolve(before)))) {
                add(file, line, "path", token, "is a build output of a module that does not exist");
            }
            return;
        }
        if (bases.stream().noneMatch(b -> project.exists(b.resolve(token)))) {
            add(file, line, "path", token, "does not exist (relative to " + dir + ", its module or the root)");
        }
    }

    private void checkLink(Path file, Markdown.Link link) {
        String target = link.target();
        if (target.matches("^(https?|mailto):.*") || target.startsWith("#")) {
            return;
        }
        String path = target.replaceFirst("#.*$", "");
        Path dir = file.getParent() == null ? Path.of("") : file.getParent();
        if (!project.exists(dir.resolve(path))) {
            add(file, link.line(), "link", target, "points to nothing in the repository");
        }
    }

    private void checkProse(Path file, Markdown page, Markdown.Paragraph paragraph) {
        Matcher talk = PROCESS_TALK.matcher(paragraph.text());
        while (talk.find()) {
            add(
                    file,
                    page.lineOf(paragraph, talk.group()),
                    "wording",
                    talk.group(),
                    "speaks of how the project is " + "made, not of the project");
        }
        Matcher pending = PENDING.matcher(paragraph.text());
        if (pending.find()) {
            String fragment = pending.group().contains("until then") ? "until then" : "yet";
            add(
                    file,
                    page.lineOf(paragraph, fragment),
                    "claim",
                    shorten(pending.group()),
                    "describes work still to come: docs describe what exists now");
        }
    }

    /** One run, one figure: a page that gives the first command's duration twice must give the same one. */
    private void checkDurations(Path file, Markdown page) {
        Map<String, Integer> figures = new LinkedHashMap<>();
        for (Markdown.Paragraph paragraph : page.paragraphs()) {
            if (!paragraph.text().contains("first command")) {
                continue;
            }
            Matcher m = DURATION.matcher(paragraph.text());
            while (m.find()) {
                figures.putIfAbsent(m.group(), page.lineOf(paragraph, m.group()));
            }
        }
        if (figures.size() > 1) {
            figures.forEach((figure, line) -> add(
                    file,
                    line,
                    "figure",
                    figure,
                    "is one of " + figures.size() + " different durations this page gives for the first command "
                            + figures.keySet()));
        }
    }

    /** A build output that a pom execution deletes and writes again is documented with that execution. */
    private void checkRewrittenOutputs(Path file, Markdown page) {
        for (Project.Pom pom : project.poms().values()) {
            Matcher execution = DELETE_IN_EXECUTION.matcher(pom.text());
            while (execution.find()) {
                String id = execution.group(1);
                Matcher deleted = DELETED_FILE.matcher(execution.group(2));
                while (deleted.find()) {
                    String name = deleted.group(1);
                    for (Markdown.Paragraph paragraph : page.paragraphs()) {
                        String text = paragraph.text();
                        boolean names = Pattern.compile("`[^`=\\s]*\\b" + Pattern.quote(name) + "`")
                                .matcher(text)
                                .find();
                        if (names && WRITES.matcher(text).find() && !text.contains(id)) {
                            add(
                                    file,
                                    page.lineOf(paragraph, name),
                                    "output",
                                    name,
                                    "is deleted and written again by the execution '" + id + "' of "
                                            + project.relative(pom.file()) + ": name it where the page says what "
                                            + "writes the file");
                        }
                    }
                }
            }
        }
    }

    /** The status lambda-local's HTTP API front answers a throttle with is stated the same everywhere. */
    private void checkThrottleStatus() {
        Path table = project.root().resolve("load-tests/lambda-local/README.md");
        if (!Files.exists(table)) {
            return;
        }
        String truth = null;
        for (String row : Project.read(table).split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length > 3 && cells[1].strip().startsWith("throttled")) {
                Matcher status = Pattern.compile("\\b([1-5]\\d\\d)\\b").matcher(cells[3]);
                truth = status.find() ? status.group(1) : null;
            }
        }
        if (truth == null) {
            add(
                    project.relative(table),
                    1,
                    "fact",
                    "throttled",
                    "row of the errors table, with the status the " + "HTTP API answers, is missing");
            return;
        }
        for (Path doc : project.documents()) {
            Markdown page = new Markdown(Project.read(doc));
            for (Markdown.Paragraph paragraph : page.paragraphs()) {
                Matcher m = STATUS_WITH_MEANING.matcher(paragraph.text());
                while (m.find()) {
                    if (LAMBDA_THROTTLE.matcher(m.group(2)).find()
                            && !m.group(1).equals(truth)) {
                        add(
                                project.relative(doc),
                                page.lineOf(
                                        paragraph,
                                        m.group(2)
                                                .substring(
                                                        0,
                                                        Math.min(20, m.group(2).length()))),
                                "fact",
                                m.group(1) + " for a Lambda throttle",
                                "contradicts lambda-local's errors table: the HTTP API front answers a throttle with "
                                        + truth);
                    }
                }
            }
        }
    }

    // --- sources --------------------------------------------------------------------------------------------------

    /** Class names and wording in the comments of Java sources, properties files and poms. */
    void checkComments(Path source) {
        Path file = project.relative(source);
        String[] lines = Project.read(source).split("\n", -1);
        String name = source.getFileName().toString();
        boolean block = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String comment;
            if (name.endsWith(".properties")) {
                comment = line.strip().startsWith("#") ? line : "";
            } else if (name.equals("pom.xml")) {
                StringBuilder c = new StringBuilder();
                String rest = line;
                while (!rest.isEmpty()) {
                    if (block) {
                        int end = rest.indexOf("-->");
                        c.append(end < 0 ? rest : rest.substring(0, end)).append(' ');
                        block = end < 0;
                        rest = end < 0 ? "" : rest.substring(end + 3);
                    } else {
                        int start = rest.indexOf("<!--");
                        if (start < 0) {
                            break;
                        }
                        block = true;
                        rest = rest.substring(start + 4);
                    }
                }
                comment = c.toString();
            } else {
                StringBuilder c = new StringBuilder();
                String rest = line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
                while (!rest.isEmpty()) {
                    if (block) {
                        int end = rest.indexOf("*/");
                        c.append(end < 0 ? rest : rest.substring(0, end)).append(' ');
                        block = end < 0;
                        rest = end < 0 ? "" : rest.substring(end + 2);
                    } else {
                        int lineComment = rest.indexOf("//");
                        int start = rest.indexOf("/*");
                        if (lineComment >= 0 && (start < 0 || lineComment < start)) {
                            c.append(rest.substring(lineComment + 2));
                            break;
                        }
                        if (start < 0) {
                            break;
                        }
                        block = true;
                        rest = rest.substring(start + 2);
                    }
                }
                comment = c.toString();
            }
            if (comment.isBlank()) {
                continue;
            }
            Matcher test = TEST_CLASS.matcher(comment);
            while (test.find()) {
                if (!project.hasSimpleName(test.group())) {
                    add(file, i + 1, "class", test.group(), "named in a comment has no source in the repository");
                }
            }
            Matcher talk = PROCESS_TALK.matcher(comment);
            while (talk.find()) {
                add(file, i + 1, "wording", talk.group(), "speaks of how the project is made, not of the project");
            }
        }
    }

    void checkPoms() {
        for (Project.Pom pom : project.poms().values()) {
            Matcher m = TWINSTACK_DEPENDENCY.matcher(pom.text());
            while (m.find()) {
                if (project.moduleWithArtifact(m.group(1)).isEmpty()) {
                    add(
                            project.relative(pom.file()),
                            lineAt(pom.text(), m.start(1)),
                            "artifact",
                            "dev.twinstack:" + m.group(1),
                            "is managed or used, but no module builds it");
                }
            }
        }
    }

    // --- the reverse direction: what the tools read is documented ----------------------------------------------

    /** Every system property and environment variable the tools' code reads by name is in the module's README. */
    void checkToolSettings() {
        for (String module : TOOL_MODULES) {
            Path readme = project.root().resolve(module).resolve("README.md");
            String documented = Files.exists(readme) ? Project.read(readme) : "";
            for (Path source : project.mainSources(Path.of(module))) {
                String text = Project.read(source);
                Matcher m = SETTING_READ.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    if (JDK_PROPERTY.matcher(name).matches()) {
                        continue;
                    }
                    if (!Pattern.compile("(?:(?<![\\w.-])|(?<=-D))" + Pattern.quote(name) + "(?![\\w-])")
                            .matcher(documented)
                            .find()) {
                        add(
                                project.relative(source),
                                lineAt(text, m.start(1)),
                                "setting",
                                name,
                                "is read here but not documented in " + module + "/README.md");
                    }
                }
            }
        }
    }

    /** Every option of every picocli command of the project is in the README of the module that builds it. */
    void checkCommandOptions() {
        for (Class<?> command : Commands.onClassPath(project)) {
            Optional<Path> module = Commands.moduleOf(command, project);
            if (module.isEmpty()) {
                add(
                        Path.of(command.getName().replace('.', '/') + ".java"),
                        1,
                        "command",
                        command.getName(),
                        "comes from no module of this repository");
                continue;
            }
            Path readme = project.root().resolve(module.get()).resolve("README.md");
            String text = Files.exists(readme) ? Project.read(readme) : "";
            findings.addAll(Commands.undocumented(Commands.spec(command), project.relative(readme), text));
        }
    }

    /** What the rules run so far have found. */
    List<Finding> findings() {
        return List.copyOf(findings);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private void add(Path file, int line, String kind, String item, String problem) {
        findings.add(new Finding(file, line, kind, item, problem));
    }

    private static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
