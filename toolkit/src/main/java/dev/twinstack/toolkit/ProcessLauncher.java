package dev.twinstack.toolkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the project's child processes (a Java main or jar on the current JDK, or any executable) and makes sure none
 * outlives its parent: every process it starts, and every pid a process adopts, is covered by one small watchdog
 * process per launcher, which kills them and their descendants when this JVM ends, even by SIGKILL. Waiting
 * ({@link LaunchedProcess#awaitReady}, {@link LaunchedProcess#awaitExit}) and stopping ({@link LaunchedProcess#stop})
 * are on the process it returns.
 *
 * <pre>{@code
 * LaunchedProcess server = ProcessLauncher.shared()
 *         .java("-jar", "quarkus-run.jar")
 *         .directory(app)
 *         .environment("QUARKUS_HTTP_PORT", "8080")
 *         .logTo(log)
 *         .start();
 * server.awaitReady(Readiness.httpOk(URI.create("http://127.0.0.1:8080/q/health/ready")), Duration.ofSeconds(90));
 * ...
 * server.stop(Duration.ofSeconds(30));
 * }</pre>
 */
public final class ProcessLauncher implements AutoCloseable {

    /** Signals by name, as {@code kill -s} takes them. */
    public enum Signal {
        /** Asks the process to end (what {@link LaunchedProcess#stop} sends first). */
        TERM,
        /** Ends the process at once. */
        KILL,
        /** Freezes the process (it keeps its memory and open connections) until {@link #CONT}. */
        STOP,
        /** Thaws a frozen process. */
        CONT,
        INT,
        HUP,
        /** PostgreSQL's immediate shutdown, as when its server fails. */
        QUIT
    }

    private static final class Shared {
        static final ProcessLauncher INSTANCE = new ProcessLauncher(Watchdog.start());
    }

    private final Watchdog watchdog;
    private final Set<LaunchedProcess> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ProcessLauncher(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    /**
     * A launcher with a watchdog of its own; {@link #close()} kills whatever it started that still runs. For a scope
     * narrower than the JVM, such as a test class.
     */
    public static ProcessLauncher create() {
        return new ProcessLauncher(Watchdog.start());
    }

    /**
     * The JVM's launcher, started on first use and never closed: its watchdog ends with the JVM and kills whatever is
     * left running then.
     */
    public static ProcessLauncher shared() {
        return Shared.INSTANCE;
    }

    /** Runs {@code arguments} on the JDK this JVM runs on: JVM options, then {@code -jar x.jar} or a main class. */
    public Launch java(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(arguments);
        return command(command);
    }

    /** {@link #java(List)} with the arguments listed. */
    public Launch java(String... arguments) {
        return java(List.of(arguments));
    }

    /** Runs {@code mainClass} on this JVM's JDK and class path (which holds it), with JVM options and arguments. */
    public Launch javaMain(String mainClass, List<String> jvmOptions, List<String> arguments) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.add("-cp");
        all.add(System.getProperty("java.class.path"));
        all.add(mainClass);
        all.addAll(arguments);
        return java(all);
    }

    /** Runs any executable: {@code command.get(0)} is the program, found on the PATH if it has no directory. */
    public Launch command(List<String> command) {
        return new Launch(this, command);
    }

    /** {@link #command(List)} with the command listed. */
    public Launch command(String... command) {
        return command(List.of(command));
    }

    /**
     * Sends {@code signal} to {@code pid} (no fork per signal: the watchdog's shell delivers it and answers); returns
     * once it is delivered, false if there is no such process. Signals to one process keep their order.
     */
    public boolean signal(long pid, Signal signal) {
        return watchdog.signal(signal.name(), pid);
    }

    /** The pid of this launcher's watchdog process. */
    public long watchdogPid() {
        return watchdog.pid();
    }

    /** {@code java} of the JDK this JVM runs on. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A TCP port on the loopback address that is free now, for a process to listen on. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Kills (SIGKILL, with descendants) every process this launcher started that still runs, then its watchdog. */
    @Override
    public void close() {
        if (this == Shared.INSTANCE) {
            throw new UnsupportedOperationException("the shared launcher ends with the JVM");
        }
        closed = true;
        List.copyOf(running).forEach(LaunchedProcess::kill);
        watchdog.close();
    }

    LaunchedProcess start(Launch launch) throws IOException {
        if (closed) {
            throw new IllegalStateException("this launcher is closed");
        }
        LaunchedProcess process = LaunchedProcess.start(launch, watchdog, running::remove);
        running.add(process);
        process.releaseOnExit();
        return process;
    }
}
