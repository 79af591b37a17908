package dev.twinstack.lambdalocal;

import static dev.twinstack.lambdalocal.EnvironmentProcess.State.ABANDONED;
import static dev.twinstack.lambdalocal.EnvironmentProcess.State.BUSY;
import static dev.twinstack.lambdalocal.EnvironmentProcess.State.CHECKPOINTED;
import static dev.twinstack.lambdalocal.EnvironmentProcess.State.DEAD;
import static dev.twinstack.lambdalocal.EnvironmentProcess.State.IDLE;
import static dev.twinstack.lambdalocal.EnvironmentProcess.State.INITIALIZING;
import static dev.twinstack.lambdalocal.EnvironmentProcess.State.RESTORING;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.lambdalocal.EnvironmentProcess.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An environment's process follows its lifecycle: frozen only while it waits for work, thawed when claimed. */
class EnvironmentProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final List<String> SLEEPER = List.of("/bin/sleep", "60");

    @TempDir
    Path dir;

    private final Signals signals = new Signals();

    @AfterEach
    void closeSignals() {
        signals.close();
    }

    @Test
    void allowsOnlyTheLifecyclesTransitions() {
        var allowed = Map.of(
                INITIALIZING, EnumSet.of(BUSY, CHECKPOINTED, DEAD),
                CHECKPOINTED, EnumSet.of(RESTORING, DEAD),
                RESTORING, EnumSet.of(BUSY, DEAD),
                BUSY, EnumSet.of(IDLE, DEAD),
                IDLE, EnumSet.of(BUSY, ABANDONED, DEAD),
                ABANDONED, EnumSet.of(DEAD),
                DEAD, EnumSet.noneOf(State.class));

        for (State from : State.values()) {
            for (State to : State.values()) {
                assertEquals(allowed.get(from).contains(to), from.mayBecome(to), from + " -> " + to);
            }
        }
    }

    @Test
    void freezesOnlyWhileWaitingForWorkAndThawsWhenClaimed() {
        var process = start(SLEEPER);
        try {
            process.freezeIfWaiting();
            assertFalse(process.frozen(), "an initialising environment is never frozen");
            assertFalse(process.claim(), "an initialising environment is not idle");

            assertTrue(process.initialized());
            process.freezeIfWaiting();
            assertFalse(process.frozen(), "a busy environment is never frozen");

            assertTrue(process.released());
            process.freezeIfWaiting();
            assertTrue(process.frozen());
            await().atMost(PATIENCE).until(() -> ProcStatus.state(process.pid()) == 'T');

            assertTrue(process.claim());
            assertEquals(BUSY, process.state());
            assertFalse(process.frozen());
            await().atMost(PATIENCE).until(() -> ProcStatus.state(process.pid()) != 'T');
        } finally {
            process.kill();
        }
    }

    @Test
    void keepsAnAbandonedEnvironmentFrozenAndUnclaimableUntilKilled() throws InterruptedException {
        var process = start(SLEEPER);
        process.initialized();
        process.released();
        process.freezeIfWaiting();

        assertTrue(process.abandon());
        assertFalse(process.claim());
        assertEquals(ABANDONED, process.state());
        assertTrue(process.frozen());
        await().atMost(PATIENCE).until(() -> ProcStatus.state(process.pid()) == 'T');

        assertTrue(process.kill());
        assertTrue(process.waitForExit(PATIENCE.toMillis()), "a frozen process dies of SIGKILL");
        assertEquals(DEAD, process.state());
        assertFalse(process.claim());
        assertFalse(process.kill());
        assertFalse(process.exited(), "its exit is no news once it was killed");
    }

    @Test
    void keepsASnapshotCopyFrozenAtItsCheckpointUntilItIsRestored() {
        var process = start(SLEEPER);
        try {
            assertTrue(process.checkpointed());
            process.freezeIfWaiting();
            assertTrue(process.frozen());
            await().atMost(PATIENCE).until(() -> ProcStatus.state(process.pid()) == 'T');
            assertFalse(process.claim(), "a snapshot copy is restored, not routed to");

            assertTrue(process.restore());
            assertEquals(RESTORING, process.state());
            await().atMost(PATIENCE).until(() -> ProcStatus.state(process.pid()) != 'T');
            process.freezeIfWaiting();
            assertFalse(process.frozen(), "a restoring copy runs its after-restore hooks");
            assertFalse(process.restore(), "a copy is restored once");

            assertTrue(process.initialized());
            assertEquals(BUSY, process.state());
        } finally {
            process.kill();
        }
    }

    @Test
    void reportsAnExitItDidNotCauseOnce() throws InterruptedException {
        var process = start(List.of("/bin/sh", "-c", "exit 3"));
        var exited = new CountDownLatch(1);
        process.onExit(exited::countDown);

        assertTrue(exited.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertTrue(process.exited());
        assertFalse(process.exited());
        assertEquals(3, process.exitValue());
        assertEquals(DEAD, process.state());
    }

    @Test
    void startsWithExactlyTheEnvironmentItIsGivenInItsWorkingDirectory() throws Exception {
        var output = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var process = EnvironmentProcess.start(
                "env-t",
                List.of("/bin/sh", "-c", "echo \"$GREETING in $(pwd)\"; echo \"HOME=$HOME\""),
                dir,
                Map.of("GREETING", "hello"),
                null,
                signals,
                output::add);

        assertTrue(process.waitForExit(PATIENCE.toMillis()));
        await().atMost(PATIENCE).until(() -> output.size() == 2);
        assertEquals(List.of("hello in " + dir.toRealPath(), "HOME="), output);
    }

    private EnvironmentProcess start(List<String> command) {
        return EnvironmentProcess.start("env-t", command, dir, Map.of(), null, signals, line -> {});
    }
}
