package dev.twinstack.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static PgBouncer start(Path executable, Path dir, LabDatabase db, int poolSize)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        // A pid file left by a killed run would stop PgBouncer from starting.
        Files.deleteIfExists(dir.resolve("pgbouncer.pid"));
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
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited, see " + dir.resolve("pgbouncer.out"));
            }
            try {
                pools();
                return;
            } catch (IOException e) {
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

    /**
     * {@code SHOW POOLS} for the service's database: client and server connections by state. Asked through
     * {@code psql}: the admin console refuses the session settings pgjdbc sends when it connects.
     */
    Map<String, Integer> pools() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
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
        builder.environment().put("PGPASSWORD", adminPassword);
        Process psql = builder.redirectErrorStream(true).start();
        List<String> lines =
                new String(psql.getInputStream().readAllBytes()).lines().toList();
        if (psql.waitFor() != 0 || lines.isEmpty()) {
            throw new IOException("SHOW POOLS failed: " + String.join(" ", lines));
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

    /** Stops PgBouncer itself (by its pid file: {@code runuser} does not pass a TERM on), then its launcher. */
    @Override
    public void close() {
        try {
            Path pidFile = dir.resolve("pgbouncer.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    p.onExit()
                            .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                            .exceptionally(e -> {
                                p.destroyForcibly();
                                return p;
                            })
                            .join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            // No readable pid file: PgBouncer never got as far as writing it; the launcher goes below.
        }
        Processes.stop(process, Duration.ofSeconds(5));
    }
}
