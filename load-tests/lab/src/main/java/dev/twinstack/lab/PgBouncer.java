package dev.twinstack.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * PgBouncer in transaction mode, the lab's stand-in for RDS Proxy: clients (Lambda environments) hold a connection
 * each, while PgBouncer multiplexes their transactions onto at most {@code poolSize} server connections. Debian's
 * PgBouncer refuses to run as root, so as root it runs as the {@code postgres} user.
 */
final class PgBouncer implements AutoCloseable {

    private static final String ADMIN = "labadmin";

    private final Path dir;
    private final int port;
    private final String adminPassword = UUID.randomUUID().toString().replace("-", "");
    private Process process;

    private PgBouncer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The pgbouncer executable, if installed (Debian puts it in /usr/sbin, off a normal user's PATH). */
    static Optional<Path> executable() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":"))
                .filter(s -> !s.isEmpty())
                .map(d -> Path.of(d, "pgbouncer"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static PgBouncer start(Path executable, Path dir, LabDatabase db, int poolSize) throws Exception {
        Files.createDirectories(dir);
        PgBouncer bouncer = new PgBouncer(dir, Processes.freePort());
        bouncer.configure(db, poolSize);
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
            new ProcessBuilder("chown", "-R", "postgres", dir.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        command.add(executable.toString());
        command.add(dir.resolve("pgbouncer.ini").toString());
        bouncer.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("pgbouncer.out").toFile()))
                .start();
        bouncer.awaitListening(Duration.ofSeconds(10));
        return bouncer;
    }

    private void configure(LabDatabase db, int poolSize) throws IOException {
        Files.writeString(dir.resolve("pgbouncer.ini"), """
                [databases]
                %1$s = host=127.0.0.1 port=%2$d dbname=%1$s

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %3$d
                unix_socket_dir =
                auth_type = scram-sha-256
                auth_file = %4$s
                admin_users = %5$s
                pool_mode = transaction
                default_pool_size = %6$d
                max_db_connections = %6$d
                min_pool_size = 0
                reserve_pool_size = 0
                max_client_conn = 500
                ignore_startup_parameters = extra_float_digits
                server_idle_timeout = 60
                logfile = %7$s
                pidfile = %8$s
                """.formatted(
                        LabDatabase.SERVICE,
                        db.port(),
                        port,
                        dir.resolve("userlist.txt"),
                        ADMIN,
                        poolSize,
                        dir.resolve("pgbouncer.log"),
                        dir.resolve("pgbouncer.pid")));
        Files.writeString(
                dir.resolve("userlist.txt"),
                "\"%s\" \"%s\"\n\"%s\" \"%s\"\n".formatted(db.username(), db.password(), ADMIN, adminPassword));
    }

    private void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited, see " + dir.resolve("pgbouncer.out"));
            }
            try (Connection c = adminConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("pgbouncer did not accept connections", last);
    }

    int port() {
        return port;
    }

    /** The URL clients use instead of the database's. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + LabDatabase.SERVICE;
    }

    /** The admin console speaks only the simple query protocol. */
    Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/pgbouncer?preferQueryMode=simple&assumeMinServerVersion=12",
                ADMIN,
                adminPassword);
    }

    /** {@code SHOW POOLS} for the service's database: client and server connections by state. */
    static Map<String, Integer> pools(Connection admin) throws SQLException {
        Map<String, Integer> row = new LinkedHashMap<>();
        try (Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SHOW POOLS")) {
            while (rs.next()) {
                if (LabDatabase.SERVICE.equals(rs.getString("database"))) {
                    for (String column : List.of("cl_active", "cl_waiting", "sv_active", "sv_idle", "sv_used")) {
                        row.merge(column, rs.getInt(column), Integer::sum);
                    }
                }
            }
        }
        return row;
    }

    String version() {
        try {
            Process p = new ProcessBuilder(executable().orElseThrow().toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            return new String(p.getInputStream().readAllBytes())
                    .lines()
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(5));
    }
}
