package dev.twinstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A Testcontainers PostgreSQL. {@link #stop()} and {@link #start()} stop and start the container itself (PostgreSQL
 * shuts down and starts again, as after a crash or a failover; settings that need a server restart take effect), on
 * the same host port and with the same data, so a running service finds it again at the address it was given.
 */
final class ContainerDatabase implements TestDatabase, AutoCloseable {

    private static final int POSTGRES_PORT = 5432;
    /** How long PostgreSQL may take to shut down cleanly before Docker kills it. */
    private static final int STOP_GRACE_SECONDS = 10;
    /** How long a restarted container may take to accept connections again. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final PostgreSQLContainer container;
    private final String jdbcUrl;

    private ContainerDatabase(PostgreSQLContainer container, String jdbcUrl) {
        this.container = container;
        this.jdbcUrl = jdbcUrl;
    }

    /** Cheap check first: without a socket or DOCKER_HOST there is no engine to ask. */
    static boolean dockerAvailable() {
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        return hint && DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerDatabase launch() {
        PostgreSQLContainer container = configured(freePort());
        container.start();
        return new ContainerDatabase(container, container.getJdbcUrl());
    }

    /**
     * The container, not started. A fixed host port: Docker gives a restarted container a new random one, and the
     * service keeps the URL it was given.
     */
    @SuppressWarnings("resource")
    static PostgreSQLContainer configured(int hostPort) {
        PostgreSQLContainer container = new PostgreSQLContainer(PostgresResource.POSTGRES_IMAGE)
                .withDatabaseName("twinstack")
                .withUsername("twinstack")
                .withPassword(PostgresResource.generatedPassword())
                .withCommand("postgres", "-c", "max_connections=200", "-c", "fsync=off");
        container.setPortBindings(List.of(hostPort + ":" + POSTGRES_PORT));
        return container;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the test PostgreSQL", e);
        }
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public Connection adminConnection() throws SQLException {
        // The container's user is the image's superuser.
        return DriverManager.getConnection(jdbcUrl(), username(), password());
    }

    @Override
    public boolean canStopAndStart() {
        return true;
    }

    @Override
    public void stop() {
        container
                .getDockerClient()
                .stopContainerCmd(container.getContainerId())
                .withTimeout(STOP_GRACE_SECONDS)
                .exec();
    }

    @Override
    public void start() {
        container
                .getDockerClient()
                .startContainerCmd(container.getContainerId())
                .exec();
        awaitConnections();
    }

    /** The container's own wait strategy ran once at launch; after a restart, wait for a login to succeed. */
    private void awaitConnections() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        SQLException last;
        do {
            try (Connection c = adminConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the test PostgreSQL restarted", e);
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("the test PostgreSQL container did not accept connections again", last);
    }

    @Override
    public void close() {
        container.stop();
    }
}
