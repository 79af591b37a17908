package dev.twinstack.lab;

import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's PostgreSQL: the embedded binaries pinned in the parent pom (the production major), with a deliberately
 * small {@code max_connections} so that connection behaviour shows, and the service's own non-superuser role.
 */
final class LabDatabase implements AutoCloseable {

    static final String SERVICE = "twinstack";

    /** A safety net for pg_ctl and for the database's state to follow it. */
    private static final Duration STATE_LIMIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final String password = UUID.randomUUID().toString().replace("-", "");
    /** The server started again by a failover drill, stopped with the lab. */
    private LaunchedProcess restarted;

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
                // A process that dies (the failover drill's immediate shutdown) loses nothing the kernel holds, so
                // fsync can stay off on this throwaway cluster; but a commit must be in the WAL before it is
                // acknowledged, as on RDS: the embedded binaries' default (synchronous_commit off) lost an
                // acknowledged order in the failover drill's ledger.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "on")
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

    /** The seeded database every target's copy is made from. */
    static final String SEEDED = SERVICE + "_seeded";

    /**
     * Keeps what migrate mode seeded as the template of every target's database: renamed to {@value #SEEDED}, which no
     * target ever connects to. Called once, after the migration and the seed, with nothing connected.
     */
    void keepSeeded() throws SQLException {
        try (Connection admin = server.getPostgresDatabase().getConnection();
                Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + SERVICE + " RENAME TO " + SEEDED);
        }
    }

    /**
     * A fresh copy of the seeded database under the service's own name, in place of the previous target's (its
     * connections, a proxy's pool included, cut), so that every target starts from the same data: PostgreSQL copies a
     * template database file by file ({@code CREATE DATABASE ... TEMPLATE}).
     */
    void freshCopy() throws SQLException {
        try (Connection admin = server.getPostgresDatabase().getConnection();
                Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SERVICE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + SERVICE + " TEMPLATE " + SEEDED + " OWNER " + SERVICE);
        }
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

    /**
     * The database failover drill: PostgreSQL stopped at once, as a failed primary goes (the quit signal to the
     * postmaster: PostgreSQL's immediate shutdown, no checkpoint, every connection cut), observed gone (its pid, then its port
     * refusing connections), left down for {@code outage}, then started again with the same data, port and settings,
     * and observed answering {@code SELECT 1}. PgBouncer, in front of it, stays up. (pg_ctl refuses to run as root;
     * the server binary itself is started here, with the command line it was first started with, in a user namespace
     * as the embedded binaries' launcher does.)
     */
    void failover(Duration outage, FaultLog log) throws Exception {
        List<String> commandLine = postmasterOptions(Files.readString(dataDirectory.resolve("postmaster.opts")));
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .get(0)
                .trim());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(
                        () -> new FaultLog.NotObserved("PostgreSQL's postmaster (pid " + pid + ") is not running"));
        if (!ProcessLauncher.shared().signal(pid, ProcessLauncher.Signal.QUIT)) {
            throw new FaultLog.NotObserved("SIGQUIT to PostgreSQL's postmaster (pid " + pid + ") failed");
        }
        log.observed("SIGQUIT (immediate shutdown) to PostgreSQL's postmaster, pid " + pid);
        postmaster.onExit().get(STATE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        log.observed("PostgreSQL's pid " + pid + " gone");
        awaitPortClosed(log);
        // The outage's length is the drill's definition: PostgreSQL stays down this long after it was seen down.
        Thread.sleep(outage.toMillis());
        log.observed("starting PostgreSQL again after " + outage.toSeconds() + " s down");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; in a user namespace of its own (as the embedded binaries' launcher
            // starts it) it is not root.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(commandLine);
        synchronized (this) {
            restarted = ProcessLauncher.shared()
                    .command(command)
                    .name("postgres (restarted)")
                    .logTo(dataDirectory.resolveSibling("restarted-" + dataDirectory.getFileName() + ".log"))
                    .start();
        }
        long deadline = System.nanoTime() + STATE_LIMIT.toNanos();
        while (true) {
            try (Connection c = adminConnection();
                    Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                log.end("PostgreSQL (pid " + restarted.pid() + ") answers SELECT 1 again");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline || !restarted.isAlive()) {
                    throw new FaultLog.NotObserved("PostgreSQL did not answer again: " + e.getMessage() + "; "
                            + String.join("\n", restarted.tail(10)));
                }
                Thread.sleep(50);
            }
        }
    }

    private void awaitPortClosed(FaultLog log) throws Exception {
        long deadline = System.nanoTime() + STATE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port()), 500);
            } catch (IOException refused) {
                try (Connection ignored = adminConnection()) {
                    // Connected after all: not down yet.
                } catch (SQLException e) {
                    log.observed("PostgreSQL's port " + port() + " refuses connections, and so does the database ("
                            + e.getSQLState() + ")");
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new FaultLog.NotObserved("PostgreSQL's port " + port() + " still open after pg_ctl stop");
    }

    /** {@code postmaster.opts}: the server binary, then each argument in double quotes. */
    static List<String> postmasterOptions(String file) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(file.trim());
        while (m.find()) {
            tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return tokens;
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
        LaunchedProcess again;
        synchronized (this) {
            again = restarted;
        }
        try {
            // pg_ctl stops the server of the data directory, whichever process started it.
            server.close();
        } finally {
            if (again != null) {
                // Gone by now; otherwise SIGTERM (PostgreSQL's smart shutdown), then SIGKILL.
                again.stop(Duration.ofSeconds(10));
            }
        }
    }
}
