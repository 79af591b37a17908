package dev.twinstack.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A Testcontainers PostgreSQL; stop/start pause and unpause the container, so address and data stay. */
final class ContainerDatabase implements TestDatabase, AutoCloseable {

    private final PostgreSQLContainer container;

    private ContainerDatabase(PostgreSQLContainer container) {
        this.container = container;
    }

    /** Cheap check first: without a socket or DOCKER_HOST there is no engine to ask. */
    static boolean dockerAvailable() {
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        return hint && DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource")
    static ContainerDatabase launch() {
        PostgreSQLContainer container = new PostgreSQLContainer(PostgresResource.POSTGRES_IMAGE)
                .withDatabaseName("twinstack")
                .withUsername("twinstack")
                .withPassword(PostgresResource.generatedPassword())
                .withCommand("postgres", "-c", "max_connections=200", "-c", "fsync=off");
        container.start();
        return new ContainerDatabase(container);
    }

    @Override
    public String jdbcUrl() {
        return container.getJdbcUrl();
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
                .pauseContainerCmd(container.getContainerId())
                .exec();
    }

    @Override
    public void start() {
        container
                .getDockerClient()
                .unpauseContainerCmd(container.getContainerId())
                .exec();
    }

    @Override
    public void close() {
        container.stop();
    }
}
