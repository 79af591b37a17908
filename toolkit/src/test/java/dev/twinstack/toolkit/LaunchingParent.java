package dev.twinstack.toolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The parent JVM of the launcher's parent-death test: launches a grandchild shell (with a descendant of its own, and a
 * detached process it reports through a pid file, which is adopted), prints their pids, then waits to be killed.
 */
public final class LaunchingParent {

    private LaunchingParent() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ProcessLauncher launcher = ProcessLauncher.create();
        Path descendant = dir.resolve("descendant.pid");
        Path detached = dir.resolve("detached.pid");
        LaunchedProcess grandchild = launcher.command(
                        "sh",
                        "-c",
                        // A background child, and a double-forked one that is no longer a descendant.
                        "sleep 301 & echo $! > " + descendant + "; (sleep 302 & echo $! > " + detached + "); wait")
                .logTo(dir.resolve("grandchild.log"))
                .start();
        grandchild.awaitReady(
                Readiness.fileAppears(descendant).and(Readiness.fileAppears(detached)), Duration.ofSeconds(30));
        long adopted = Long.parseLong(Files.readString(detached).trim());
        grandchild.adopt(adopted);
        System.out.println("grandchild " + grandchild.pid());
        System.out.println("descendant " + Files.readString(descendant).trim());
        System.out.println("adopted " + adopted);
        System.out.println("watchdog " + launcher.watchdogPid());
        System.out.println("ready");
        // Bounded: the test kills this JVM long before.
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
