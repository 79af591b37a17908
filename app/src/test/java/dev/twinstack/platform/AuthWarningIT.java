package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A production run without auth is allowed but never silent ({@link AuthWarning}): the packaged application, started
 * as a deployment starts it (the prod profile, JSON logs), warns once it is up when {@code twinstack.auth.mode} is
 * {@code none}, the image's default, and does not with auth on. The test profile never warns, so only the packaged
 * application can show it.
 */
class AuthWarningIT {

    private static final Path APP = Path.of(System.getProperty("twinstack-build-dir", "target"), "quarkus-app");
    /** A safety net for a start on a loaded machine; the checks wait on the log line, not on this. */
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** Quarkus logs this once start-up, the start-up event observers included, is done. */
    private static final String STARTED = "started in [0-9.]+s";

    private static final String LOGGER = "\"loggerName\":\"" + AuthWarning.class.getName() + "\"";

    private static final PostgresResource POSTGRES = new PostgresResource();
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        POSTGRES.start();
        db = POSTGRES.database();
    }

    @AfterAll
    static void stopDatabase() {
        POSTGRES.stop();
    }

    @Test
    void warnsWhenAProductionRunHasNoAuth() throws Exception {
        List<String> warnings = authWarnings(Map.of());

        assertEquals(1, warnings.size(), "one warning: " + warnings);
        assertTrue(warnings.get(0).contains("\"level\":\"WARN\""), warnings.get(0));
        assertTrue(warnings.get(0).contains("twinstack.auth.mode=none"), warnings.get(0));
    }

    @Test
    void staysQuietWithAuthOn() throws Exception {
        List<String> warnings = authWarnings(Map.of("TWINSTACK_AUTH_MODE", "gateway"));

        assertEquals(List.of(), warnings);
    }

    /** Starts the packaged application with this environment, waits until it has started, stops it: its lines. */
    private static List<String> authWarnings(Map<String, String> environment) throws Exception {
        assertTrue(Files.exists(APP.resolve("quarkus-run.jar")), "package the application first: " + APP);
        Path log = Files.createTempFile(Path.of(System.getProperty("twinstack-build-dir", "target")), "auth", ".log");
        LaunchedProcess server = ProcessLauncher.shared()
                .java("-jar", "quarkus-run.jar")
                .directory(APP)
                .environment(environment)
                .environment("QUARKUS_DATASOURCE_JDBC_URL", emptyDatabase())
                .environment("QUARKUS_DATASOURCE_USERNAME", db.username())
                .environment("QUARKUS_DATASOURCE_PASSWORD", db.password())
                // The schema a deployment's migrate step would have created; Hibernate validates it at start.
                .environment("QUARKUS_FLYWAY_MIGRATE_AT_START", "true")
                .environment("QUARKUS_HTTP_HOST", "127.0.0.1")
                .environment("QUARKUS_HTTP_PORT", "0")
                .environment("QUARKUS_OTEL_SDK_DISABLED", "true")
                // Connections open slowly on a loaded machine: the start-up must not fail on the 2 s default.
                .environment("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30S")
                .logTo(log)
                .start();
        try {
            server.awaitReady(Readiness.logLine(STARTED), START_LIMIT);
        } finally {
            server.stop(STOP_GRACE);
        }
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains(LOGGER))
                .toList();
    }

    private static String emptyDatabase() throws SQLException {
        String name = "auth_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + db.username());
        }
        return db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + name;
    }
}
