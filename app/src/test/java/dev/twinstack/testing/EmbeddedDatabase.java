package dev.twinstack.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** PostgreSQL binaries from Maven, run as a child process; its data directory survives stop/start. */
final class EmbeddedDatabase implements TestDatabase, AutoCloseable {

    private static final String SERVICE = "twinstack";

    private final Path workingDirectory;
    private final Path dataDirectory;
    private final String password = PostgresResource.generatedPassword();
    private EmbeddedPostgres server;
    private int port;

    private EmbeddedDatabase(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        this.dataDirectory = workingDirectory.resolve("data-" + UUID.randomUUID());
    }

    static EmbeddedDatabase launch(Path workingDirectory) {
        EmbeddedDatabase database = new EmbeddedDatabase(workingDirectory);
        database.start();
        try (Connection admin = database.server.getPostgresDatabase().getConnection()) {
            PostgresResource.createServiceDatabase(admin, SERVICE, database.password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the embedded PostgreSQL", e);
        }
        return database;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workingDirectory.toFile())
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off");
            if (port != 0) {
                builder.setPort(port);
            }
            server = builder.start();
            port = server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + SERVICE;
    }

    @Override
    public String username() {
        return SERVICE;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public synchronized Connection adminConnection() throws SQLException {
        return server.getDatabase("postgres", SERVICE).getConnection();
    }

    @Override
    public boolean canStopAndStart() {
        return true;
    }
}
