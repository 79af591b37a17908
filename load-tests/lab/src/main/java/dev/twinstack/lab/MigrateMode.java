package dev.twinstack.lab;

import dev.twinstack.toolkit.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server build's migrate mode (the Kubernetes migration Job's command) run on this machine before the load: Flyway's
 * migrations and the seed, then exit. In its pod the Job has port 9000 to itself for the management interface the
 * build enables; here it gets a free loopback port, so it neither collides with another process nor listens beyond
 * loopback.
 */
final class MigrateMode {

    /** Migrations and a seed of tens of thousands of users on shared cores. */
    static final Duration LIMIT = Duration.ofMinutes(5);

    private MigrateMode() {}

    /** Runs it with the database environment {@code dbEnv} and {@code seedUsers}; fails with its log's path. */
    static void run(Path serverDir, Map<String, String> dbEnv, int seedUsers, Path log)
            throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>(dbEnv);
        env.put("TWINSTACK_SEED_USERS", Integer.toString(seedUsers));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ProcessLauncher.freePort()));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        int exitCode = ProcessLauncher.shared()
                .java("-Dquarkus.profile=migrate", "-jar", "quarkus-run.jar")
                .name("migrate mode")
                .directory(serverDir)
                .environment(env)
                .logTo(log)
                .start()
                .awaitExit(LIMIT);
        if (exitCode != 0) {
            throw new IllegalStateException("migrate mode failed (exit " + exitCode + "), see " + log);
        }
    }
}
