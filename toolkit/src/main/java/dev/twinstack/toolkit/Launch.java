package dev.twinstack.toolkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What to start, where and how, before {@link #start()}: from {@link ProcessLauncher#java} or
 * {@link ProcessLauncher#command}. The output (standard output and error, merged) is appended to a log file, passed on
 * line by line, both, or inherited from this JVM (the default).
 */
public final class Launch {

    private final ProcessLauncher launcher;
    private final List<String> command;
    private String name;
    private Path directory;
    private boolean clearEnvironment;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path log;
    private Consumer<String> lines;

    Launch(ProcessLauncher launcher, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.launcher = launcher;
        this.command = List.copyOf(command);
    }

    /** How messages name the process; by default its program and the jar or main class it runs. */
    public Launch name(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /** The working directory; by default this JVM's. */
    public Launch directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Starts from an empty environment instead of this JVM's; {@link #environment} adds to it. */
    public Launch clearEnvironment() {
        this.clearEnvironment = true;
        return this;
    }

    /** Sets or overrides one variable of the process's environment. */
    public Launch environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Sets or overrides these variables of the process's environment. */
    public Launch environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /**
     * Appends the output to {@code file} (created if missing). Readiness by log line and the log tail in failure
     * messages read what this process wrote there, not what earlier ones did.
     */
    public Launch logTo(Path file) {
        this.log = file;
        return this;
    }

    /** Passes each line of output to {@code consumer} (on a thread of its own), also when {@link #logTo} is set. */
    public Launch lines(Consumer<String> consumer) {
        this.lines = consumer;
        return this;
    }

    /** Starts the process, covered by the launcher's watchdog from the moment it exists. */
    public LaunchedProcess start() throws IOException {
        return launcher.start(this);
    }

    /**
     * Runs a short command to its end and returns its output lines (also appended to the log file, if one is set).
     * Fails with the output when it exits non-zero, or when it outlasts {@code limit} (then it is killed).
     */
    public List<String> run(Duration limit) throws IOException, InterruptedException {
        List<String> output = new CopyOnWriteArrayList<>();
        Consumer<String> passOn = lines;
        lines(
                passOn == null
                        ? output::add
                        : line -> {
                            output.add(line);
                            passOn.accept(line);
                        });
        LaunchedProcess process = start();
        int exitCode = process.awaitExit(limit);
        if (exitCode != 0) {
            throw new IOException(name() + " exited with " + exitCode + ": " + String.join("\n", output));
        }
        return List.copyOf(output);
    }

    List<String> command() {
        return command;
    }

    String name() {
        if (name != null) {
            return name;
        }
        String program = Path.of(command.get(0)).getFileName().toString();
        for (int i = 1; i < command.size(); i++) {
            String argument = command.get(i);
            if (argument.equals("-jar") && i + 1 < command.size()) {
                return program + " -jar " + command.get(i + 1);
            }
            if (argument.equals("-cp") || argument.equals("-classpath")) {
                i++;
            } else if (program.equals("java") && !argument.startsWith("-")) {
                return program + " " + argument;
            }
        }
        return program;
    }

    Path directory() {
        return directory;
    }

    boolean clearsEnvironment() {
        return clearEnvironment;
    }

    Map<String, String> environment() {
        return environment;
    }

    Path log() {
        return log;
    }

    Consumer<String> lines() {
        return lines;
    }
}
