package dev.twinstack.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher on real processes: shells, {@code sleep}, and small Java mains of these test sources. */
class ProcessLauncherTest {

    /** A safety net only: every wait below ends on an observable state long before it. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final List<String> SMALL_JVM = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path dir;

    private ProcessLauncher launcher;

    @BeforeEach
    void startLauncher() {
        launcher = ProcessLauncher.create();
    }

    @AfterEach
    void closeLauncher() {
        launcher.close();
    }

    @Test
    void waitsUntilThePortAcceptsConnections() throws Exception {
        int port = ProcessLauncher.freePort();
        LaunchedProcess server = tinyServer(port, "300ms");

        server.awaitReady(Readiness.portOpen(port), DEADLINE);

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            assertTrue(socket.isConnected());
        }
    }

    @Test
    void waitsForHttp200() throws Exception {
        int port = ProcessLauncher.freePort();
        LaunchedProcess server = tinyServer(port, "300ms");

        server.awaitReady(Readiness.httpOk(URI.create("http://127.0.0.1:" + port + "/ready")), DEADLINE);

        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode());
    }

    @Test
    void waitsForALineInItsLog() throws Exception {
        Path log = dir.resolve("shell.log");
        LaunchedProcess shell = launcher.command("sh", "-c", "echo starting; sleep 0.3; echo ready now; exec sleep 300")
                .logTo(log)
                .start();

        shell.awaitReady(Readiness.logLine("^ready now$"), DEADLINE);

        assertEquals(List.of("starting", "ready now"), shell.tail(10));
        assertTrue(shell.isAlive());
    }

    @Test
    void aLineAnEarlierProcessLoggedDoesNotCount() throws Exception {
        Path log = dir.resolve("shared.log");
        Files.writeString(log, "ready now\n");
        LaunchedProcess quiet = launcher.command("sleep", "300").logTo(log).start();

        var failure = assertThrows(
                IllegalStateException.class,
                () -> quiet.awaitReady(Readiness.logLine("ready now"), Duration.ofMillis(500)));

        assertTrue(
                failure.getMessage().contains("did not get to a log line matching /ready now/"), failure.getMessage());
        assertGone(quiet.pid());
    }

    @Test
    void anExitBeforeReadyFailsAtOnceWithTheLogTail() throws Exception {
        LaunchedProcess failing = launcher.command("sh", "-c", "echo connecting; echo 'FATAL: no database'; exit 3")
                .logTo(dir.resolve("failing.log"))
                .start();

        var failure = assertThrows(
                IllegalStateException.class,
                () -> failing.awaitReady(Readiness.portOpen(ProcessLauncher.freePort()), DEADLINE));

        assertTrue(failure.getMessage().startsWith("sh exited with 3 before a connection to"), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("connecting\n  FATAL: no database"), failure.getMessage());
    }

    @Test
    void readinessThatNeverComesKillsTheProcessAtTheDeadline() throws Exception {
        LaunchedProcess stuck = launcher.command("sleep", "300").start();

        var failure = assertThrows(
                IllegalStateException.class,
                () -> stuck.awaitReady(Readiness.fileAppears(dir.resolve("never")), Duration.ofMillis(300)));

        assertTrue(failure.getMessage().contains("did not get to the file"), failure.getMessage());
        assertGone(stuck.pid());
    }

    @Test
    void returnsTheExitCode() throws Exception {
        LaunchedProcess done = launcher.command("sh", "-c", "exit 7").start();

        assertEquals(7, done.awaitExit(DEADLINE));
        assertEquals(7, done.exitCode());
    }

    @Test
    void aProcessThatOutrunsItsExitLimitIsKilled() throws Exception {
        LaunchedProcess slow = launcher.command("sh", "-c", "echo working; exec sleep 300")
                .logTo(dir.resolve("slow.log"))
                .start();
        slow.awaitReady(Readiness.logLine("working"), DEADLINE);

        var failure = assertThrows(IllegalStateException.class, () -> slow.awaitExit(Duration.ofMillis(200)));

        assertTrue(failure.getMessage().contains("did not exit within 200ms; killed"), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("working"), failure.getMessage());
        assertGone(slow.pid());
    }

    @Test
    void stopAsksFirstAndAProcessThatListensExitsCleanly() throws Exception {
        int port = ProcessLauncher.freePort();
        LaunchedProcess server = tinyServer(port, "0s");
        server.awaitReady(Readiness.logLine("listening on"), DEADLINE);

        server.stop(DEADLINE);

        assertFalse(server.isAlive());
        assertEquals(143, server.exitCode(), "ended by SIGTERM, not SIGKILL");
        assertEquals("shutting down cleanly", server.tail(1).get(0));
    }

    @Test
    void stopKillsAProcessThatIgnoresTermWhenTheGraceRunsOut() throws Exception {
        Path childPid = dir.resolve("child.pid");
        LaunchedProcess stubborn = launcher.command(
                        "sh", "-c", "trap '' TERM; sleep 300 & echo $! > " + childPid + "; wait")
                .start();
        stubborn.awaitReady(Readiness.fileAppears(childPid), DEADLINE);
        long child = Long.parseLong(Files.readString(childPid).trim());

        stubborn.stop(Duration.ofMillis(300));

        assertEquals(137, stubborn.exitCode(), "ended by SIGKILL");
        assertGone(child);
    }

    @Test
    void stopKillsDescendantsTheProcessLeavesBehind() throws Exception {
        Path pids = dir.resolve("children.pid");
        // TERM ends the shell at once; its two children would live on, reparented.
        LaunchedProcess shell = launcher.command(
                        "sh", "-c", "sleep 300 & a=$!; sleep 300 & echo \"$a $!\" > " + pids + "; wait")
                .start();
        shell.awaitReady(Readiness.fileAppears(pids), DEADLINE);
        String[] children = Files.readString(pids).trim().split(" ");

        shell.stop(DEADLINE);

        assertGone(Long.parseLong(children[0]));
        assertGone(Long.parseLong(children[1]));
    }

    @Test
    void stopCoversAnAdoptedProcessThatIsNoLongerADescendant() throws Exception {
        Path pidFile = dir.resolve("daemon.pid");
        // Like a daemon writing its pid file: double-forked, its parent is no longer the launched process.
        LaunchedProcess wrapper = launcher.command(
                        "sh", "-c", "(sleep 300 & echo $! > " + pidFile + "); exec sleep 301")
                .start();
        wrapper.awaitReady(Readiness.fileAppears(pidFile), DEADLINE);
        long daemon = Long.parseLong(Files.readString(pidFile).trim());
        assertFalse(wrapper.toHandle().descendants().anyMatch(p -> p.pid() == daemon));

        wrapper.adopt(daemon);
        wrapper.stop(DEADLINE);

        assertGone(daemon);
    }

    @Test
    void freezesAndThawsByPid() throws Exception {
        LaunchedProcess sleeper = launcher.command("sleep", "300").start();

        assertTrue(launcher.signal(sleeper.pid(), ProcessLauncher.Signal.STOP));
        assertEquals("T", awaitState(sleeper.pid(), "T"));
        assertTrue(sleeper.signal(ProcessLauncher.Signal.CONT));
        assertEquals("S", awaitState(sleeper.pid(), "S"));

        sleeper.kill();
        assertFalse(launcher.signal(sleeper.pid(), ProcessLauncher.Signal.CONT), "no such process any more");
    }

    @Test
    void stopEndsAFrozenProcessWithinItsGrace() throws Exception {
        int port = ProcessLauncher.freePort();
        LaunchedProcess server = tinyServer(port, "0s");
        server.awaitReady(Readiness.logLine("listening on"), DEADLINE);
        server.signal(ProcessLauncher.Signal.STOP);

        server.stop(DEADLINE);

        assertEquals(143, server.exitCode(), "thawed to handle SIGTERM, not killed");
    }

    @Test
    void passesOutputLineByLineAndKeepsItInTheLog() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Path log = dir.resolve("lines.log");
        LaunchedProcess talker = launcher.command("sh", "-c", "echo one; echo \"$GREETING\"; exec sleep 300")
                .environment(Map.of("GREETING", "two"))
                .logTo(log)
                .lines(seen::add)
                .start();

        talker.awaitReady(Readiness.logLine("two"), DEADLINE);

        assertEquals(List.of("one", "two"), Files.readAllLines(log));
        assertEquals(List.of("one", "two"), talker.tail(5));
        assertTrue(seen.containsAll(List.of("one")), seen.toString());
    }

    @Test
    void everyLineIsPassedOnOnceTheExitIsSeen() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        LaunchedProcess counter =
                launcher.command("seq", "1", "2000").lines(seen::add).start();

        assertEquals(0, counter.awaitExit(DEADLINE));

        assertEquals(2000, seen.size());
        assertEquals("2000", seen.get(1999));
    }

    @Test
    void runsAShortCommandForItsOutput() throws Exception {
        assertEquals(
                List.of("one", "two"),
                launcher.command("sh", "-c", "echo one; echo two").run(DEADLINE));

        var failure = assertThrows(
                IOException.class,
                () -> launcher.command("sh", "-c", "echo 'no such table'; exit 2")
                        .run(DEADLINE));
        assertEquals("sh exited with 2: no such table", failure.getMessage());
    }

    @Test
    void startsInTheDirectoryAndEnvironmentGiven() throws Exception {
        Path log = dir.resolve("env.log");
        LaunchedProcess printer = launcher.command("sh", "-c", "pwd; echo \"[$HOME][$ONLY]\"")
                .directory(dir)
                .clearEnvironment()
                .environment("ONLY", "this")
                .logTo(log)
                .start();

        assertEquals(0, printer.awaitExit(DEADLINE));

        assertEquals(List.of(dir.toRealPath().toString(), "[][this]"), Files.readAllLines(log));
    }

    @Test
    void closingTheLauncherKillsWhatItStarted() throws Exception {
        LaunchedProcess sleeper = launcher.command("sleep", "300").start();

        launcher.close();

        assertGone(sleeper.pid());
        assertThrows(IllegalStateException.class, () -> launcher.command("true").start());
    }

    /**
     * A parent JVM that launched a grandchild is killed with SIGKILL, so no code of it runs: its watchdog sees the
     * pipe close and kills the grandchild, the grandchild's own child and the process it adopted.
     */
    @Test
    void nothingOutlivesAParentJvmKilledWithSigkill() throws Exception {
        Path parentLog = dir.resolve("parent.log");
        LaunchedProcess parent = launcher.javaMain(LaunchingParent.class.getName(), SMALL_JVM, List.of(dir.toString()))
                .logTo(parentLog)
                .start();
        parent.awaitReady(Readiness.logLine("^ready$"), DEADLINE);
        String output = Files.readString(parentLog);
        long grandchild = pidAfter("grandchild", output);
        long descendant = pidAfter("descendant", output);
        long adopted = pidAfter("adopted", output);
        long watchdog = pidAfter("watchdog", output);
        assertTrue(ProcessHandle.of(grandchild).isPresent(), "grandchild running");

        assertTrue(parent.signal(ProcessLauncher.Signal.KILL));
        assertEquals(137, parent.awaitExit(DEADLINE));

        assertGone(grandchild);
        assertGone(descendant);
        assertGone(adopted);
        assertGone(watchdog);
    }

    private LaunchedProcess tinyServer(int port, String delay) throws IOException {
        return launcher.javaMain(TinyServer.class.getName(), SMALL_JVM, List.of(Integer.toString(port), delay))
                .logTo(dir.resolve("server-" + port + ".log"))
                .start();
    }

    private static long pidAfter(String label, String output) {
        Matcher matcher = Pattern.compile("(?m)^" + label + " (\\d+)$").matcher(output);
        assertTrue(matcher.find(), label + " in " + output);
        return Long.parseLong(matcher.group(1));
    }

    /** Polls until {@code pid} is gone (a zombie counts as gone: it no longer runs); fails after the deadline. */
    private static void assertGone(long pid) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() - end < 0, "pid " + pid + " still alive after " + DEADLINE);
            Thread.sleep(20);
        }
    }

    private static String state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    private static String awaitState(long pid, String wanted) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String state = state(pid);
        while (!state.equals(wanted) && System.nanoTime() - end < 0) {
            Thread.sleep(20);
            state = state(pid);
        }
        return state;
    }
}
