package dev.twinstack.lab;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The lab's PostgreSQL: the embedded binaries pinned in the parent pom (the production major), with a deliberately
 * small {@code max_connections} so that connection behaviour shows, and the service's own non-superuser role.
 */
final class LabDatabase implements AutoCloseable {

    static final String SERVICE = "twinstack";

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final String password = UUID.randomUUID().toString().replace("-", "");

    private LabDatabase(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    private static final String HBA = """
            local all postgres trust
            host all postgres 127.0.0.1/32 trust
            host all postgres ::1/128 trust
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    static LabDatabase start(Path workingDirectory, int maxConnections) throws IOException, SQLException {
        Path dataDirectory = workingDirectory.resolve("data-" + UUID.randomUUID());
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workingDirectory.toFile())
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", Integer.toString(maxConnections))
                .setServerConfig("superuser_reserved_connections", "3")
                .setServerConfig("fsync", "off")
                .start();
        LabDatabase db = new LabDatabase(server, dataDirectory);
        try (Connection admin = server.getPostgresDatabase().getConnection();
                Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + SERVICE + " LOGIN PASSWORD '" + db.password + "'");
            s.execute("CREATE DATABASE " + SERVICE + " OWNER " + SERVICE);
            // initdb trusts every local user: from here on only the lab's own superuser is trusted (it samples the
            // connections), and every other role, the service's included, must give its password.
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA);
            s.execute("SELECT pg_reload_conf()");
        }
        return db;
    }

    int port() {
        return server.getPort();
    }

    /** The postmaster's pid (its backends are its children: {@code ProcessCpu.treeSeconds} of it is the server's CPU). */
    long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .get(0)
                .trim());
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + SERVICE;
    }

    String username() {
        return SERVICE;
    }

    String password() {
        return password;
    }

    /** A superuser connection to the service's database, for sampling {@code pg_stat_activity}. */
    Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port() + "/" + SERVICE + "?ApplicationName=twinstack-lab",
                "postgres",
                "");
    }

    String version() {
        try (Connection c = adminConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
