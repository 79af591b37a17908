package dev.twinstack.lab;

import dev.twinstack.toolkit.LaunchedProcess;
import dev.twinstack.toolkit.ProcessLauncher;
import dev.twinstack.toolkit.Readiness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    /** A safety net for the short commands run here (psql, chown, pgbouncer --version). */
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final String adminPassword = UUID.randomUUID().toString().replace("-", "");
    private Path executable;
    private LaunchedProcess process;
    private long pid;

    private PgBouncer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * The pgbouncer executable, if it and psql (to read its admin console) are installed; Debian puts pgbouncer in
     * /usr/sbin, off a normal user's PATH.
     */
    static Optional<Path> executable() {
        return find("psql").flatMap(psql -> find("pgbouncer"));
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":"))
                .filter(s -> !s.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts PgBouncer in transaction mode with the proxy's rules: a pool of {@code poolSize} server connections, and
     * a client that waits longer than {@code borrowTimeoutSeconds} for one is refused (PgBouncer's query_wait_timeout
     * for RDS Proxy's ConnectionBorrowTimeout), instead of waiting past the function's timeout.
     */
    static PgBouncer start(Path executable, Path dir, LabDatabase db, int poolSize, int borrowTimeoutSeconds)
            throws IOException, InterruptedException {
        return start(executable, dir, db, poolSize, borrowTimeoutSeconds, 0);
    }

    /**
     * As above, and keeps {@code idleConnections} server connections open while idle (PgBouncer's min_pool_size):
     * RDS Proxy's MaxIdleConnectionsPercent as PgBouncer can approximate it. PgBouncer closes a server connection idle
     * for server_idle_timeout only while the pool holds more than min_pool_size, so the pool shrinks to that many after
     * a burst, where the proxy closes idle connections above its idle share; unlike the proxy, PgBouncer also opens
     * connections up to min_pool_size while clients are connected.
     */
    static PgBouncer start(
            Path executable, Path dir, LabDatabase db, int poolSize, int borrowTimeoutSeconds, int idleConnections)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path pidFile = dir.resolve("pgbouncer.pid");
        // A pid file left by a killed run would stop PgBouncer from starting.
        Files.deleteIfExists(pidFile);
        PgBouncer bouncer = new PgBouncer(dir, ProcessLauncher.freePort());
        bouncer.configure(db, poolSize, borrowTimeoutSeconds, idleConnections);
        bouncer.executable = executable;
        bouncer.launch();
        return bouncer;
    }

    /** Starts PgBouncer on its configuration and waits until its admin console answers. */
    private void launch() throws IOException, InterruptedException {
        Path pidFile = dir.resolve("pgbouncer.pid");
        Files.deleteIfExists(pidFile);
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
            ProcessLauncher.shared()
                    .command("chown", "-R", "postgres", dir.toString())
                    .run(COMMAND_LIMIT);
        }
        command.add(executable.toString());
        command.add(dir.resolve("pgbouncer.ini").toString());
        process = ProcessLauncher.shared()
                .command(command)
                .name("pgbouncer")
                .logTo(dir.resolve("pgbouncer.out"))
                .start();
        process.awaitReady(
                Readiness.fileAppears(pidFile).and(Readiness.of("SHOW POOLS answering", p -> {
                    pools();
                    return true;
                })),
                Duration.ofSeconds(30));
        // Under runuser, PgBouncer is the launched process's child: its own pid is covered as well.
        pid = Long.parseLong(Files.readString(pidFile).trim());
        process.adopt(pid);
    }

    /**
     * The proxy crash drill: PgBouncer killed (SIGKILL, so every client connection to it is cut without a word),
     * observed gone (its pid, its port), then started again on the same port and configuration, as a supervisor
     * restarts it, and observed answering its admin console.
     */
    synchronized void crash(FaultLog log) throws Exception {
        long killed = pid;
        if (!ProcessLauncher.shared().signal(killed, ProcessLauncher.Signal.KILL)) {
            throw new FaultLog.NotObserved("PgBouncer (pid " + killed + ") was already gone");
        }
        log.observed("SIGKILL to PgBouncer, pid " + killed);
        long deadline = System.nanoTime() + COMMAND_LIMIT.toNanos();
        while (ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false) || portOpen()) {
            if (System.nanoTime() > deadline) {
                throw new FaultLog.NotObserved("PgBouncer (pid " + killed + ") still there after SIGKILL");
            }
            Thread.sleep(10);
        }
        log.observed("PgBouncer's pid " + killed + " gone and its port " + port + " closed");
        process.stop(Duration.ofSeconds(5));
        launch();
        log.end("PgBouncer started again (pid " + pid + ") and its admin console answers SHOW POOLS");
    }

    private boolean portOpen() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private void configure(LabDatabase db, int poolSize, int borrowTimeoutSeconds, int idleConnections)
            throws IOException {
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
                min_pool_size = %10$d
                reserve_pool_size = 0
                max_client_conn = 500
                ignore_startup_parameters = extra_float_digits
                server_idle_timeout = 60
                query_wait_timeout = %9$d
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
                        dir.resolve("pgbouncer.pid"),
                        borrowTimeoutSeconds,
                        Math.min(idleConnections, poolSize)));
        // Passwords: readable by the file's owner only (PgBouncer's user, after the chown), from the moment it exists.
        Path userlist = dir.resolve("userlist.txt");
        Files.deleteIfExists(userlist);
        Files.createFile(userlist, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                userlist,
                "\"%s\" \"%s\"\n\"%s\" \"%s\"\n".formatted(db.username(), db.password(), ADMIN, adminPassword));
    }

    int port() {
        return port;
    }

    /** The URL clients use instead of the database's. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + LabDatabase.SERVICE;
    }

    /**
     * {@code SHOW POOLS} for the service's database: client and server connections by state. Asked through
     * {@code psql}: the admin console refuses the session settings pgjdbc sends when it connects.
     */
    Map<String, Integer> pools() throws IOException, InterruptedException {
        List<String> psql = List.of(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                ADMIN,
                "-d",
                "pgbouncer",
                "-X",
                "-A",
                "-F",
                ",",
                "-P",
                "footer=off",
                "-c",
                "SHOW POOLS");
        List<String> lines = ProcessLauncher.shared()
                .command(psql)
                .environment("PGPASSWORD", adminPassword)
                .run(COMMAND_LIMIT);
        if (lines.isEmpty()) {
            throw new IOException("SHOW POOLS answered nothing");
        }
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, Integer> row = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> values = List.of(line.split(","));
            if (values.size() == header.size() && LabDatabase.SERVICE.equals(values.get(header.indexOf("database")))) {
                for (String column : List.of("cl_active", "cl_waiting", "sv_active", "sv_idle", "sv_used")) {
                    row.merge(column, Integer.valueOf(values.get(header.indexOf(column))), Integer::sum);
                }
            }
        }
        return row;
    }

    String version() {
        try {
            return ProcessLauncher.shared()
                    .command(executable().orElseThrow().toString(), "--version")
                    .run(COMMAND_LIMIT)
                    .stream()
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Stops PgBouncer (its own pid, adopted from its pid file, first), then its launcher. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
        }
    }
}
