package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.collect.Collection;
import dev.twinstack.results.ConnectionSample;
import dev.twinstack.results.Extras;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment the lab does not run, with its database named: its connections are sampled while its load runs and come
 * back as the target's own, with where they were measured.
 */
class ExternalTargetTest {

    @TempDir
    Path dir;

    @Test
    void samplesTheDeploymentsDatabaseWhileItRunsAndSaysWhere() throws Exception {
        try (LabDatabase db = LabDatabase.start(Files.createDirectories(dir.resolve("postgres")), 20);
                ExternalTarget target = new ExternalTarget(
                        "aws",
                        "https://abc.example.com/",
                        Optional.of(new Collection.Plan(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(db.jdbcUrl() + "?user=" + db.username() + "&password=" + db.password()),
                                Duration.ofMillis(50),
                                Duration.ZERO,
                                Collection.QUERY_DEADLINE)),
                        new Collection.Clients(
                                () -> {
                                    throw new AssertionError("only the database is read: no logs client");
                                },
                                () -> {
                                    throw new AssertionError("only the database is read: no CloudWatch client");
                                },
                                () -> {
                                    throw new AssertionError("only the database is read: no Kubernetes client");
                                }))) {
            target.start();
            try (Connection deployments = db.adminConnection()) {
                Extras extras = target.extras();

                List<ConnectionSample> connections = target.connections();
                assertTrue(connections.stream().anyMatch(c -> c.total() >= 1), connections.toString());
                assertTrue(extras.collected().orElseThrow().connections().isPresent());
                assertEquals(Optional.empty(), extras.lambda(), "no invocation records of a deployment");
                assertEquals("https://abc.example.com", target.baseUrl());
                assertTrue(target.description().contains("its database (read-only)"), target.description());
                assertTrue(
                        target.caveats().stream().anyMatch(c -> c.contains("sampled every 50 ms")),
                        target.caveats().toString());
            }
        }
    }
}
