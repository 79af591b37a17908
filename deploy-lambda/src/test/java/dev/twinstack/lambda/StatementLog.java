package dev.twinstack.lambda;

import dev.twinstack.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement the test PostgreSQL receives, written by the server itself to a file in the build directory
 * ({@code log_statement=all}, one line prefix per entry naming the client's application_name). Switched on by
 * {@link MigratedPostgres} for a server this build runs (a restart is needed for the log collector).
 */
final class StatementLog {

    static final Path FILE = Path.of(System.getProperty("twinstack-build-dir", "target"), "postgres-statements")
            .toAbsolutePath()
            .resolve("statements.log");
    /** Separates the prefix (application name, process id) from the message. */
    private static final String SEPARATOR = "|";

    private StatementLog() {}

    static void enable(TestDatabase database) throws SQLException, IOException {
        Files.createDirectories(FILE.getParent());
        Files.deleteIfExists(FILE);
        try (Connection admin = database.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("ALTER SYSTEM SET logging_collector = on");
            s.execute("ALTER SYSTEM SET log_destination = 'stderr'");
            s.execute("ALTER SYSTEM SET log_directory = '" + FILE.getParent() + "'");
            s.execute("ALTER SYSTEM SET log_filename = '" + FILE.getFileName() + "'");
            s.execute("ALTER SYSTEM SET log_statement = 'all'");
            s.execute("ALTER SYSTEM SET log_line_prefix = '%a" + SEPARATOR + "%p" + SEPARATOR + "'");
        }
        database.stop();
        database.start();
        try (Connection admin = database.adminConnection();
                Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SHOW logging_collector")) {
            rs.next();
            if (!"on".equals(rs.getString(1))) {
                throw new IllegalStateException("the test PostgreSQL did not turn its statement log on");
            }
        }
    }

    /** The logged statements of one client application, each with its continuation lines joined. */
    static List<String> statementsOf(String applicationName) {
        if (!Files.isRegularFile(FILE)) {
            throw new IllegalStateException("no statement log at " + FILE + ": the no-pinning check needs a test "
                    + "PostgreSQL this build starts and restarts (embedded, TWINSTACK_TEST_DB=embedded)");
        }
        List<String> entries = new ArrayList<>();
        StringBuilder current = null;
        try {
            for (String line : Files.readAllLines(FILE)) {
                if (line.startsWith("\t") || line.startsWith(" ")) {
                    if (current != null) {
                        current.append('\n').append(line);
                    }
                    continue;
                }
                if (current != null) {
                    entries.add(current.toString());
                    current = null;
                }
                if (line.startsWith(applicationName + SEPARATOR)) {
                    current = new StringBuilder(
                            line.substring(line.indexOf(SEPARATOR, applicationName.length() + 1) + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (current != null) {
            entries.add(current.toString());
        }
        return entries.stream()
                .filter(e -> e.contains("statement: ") || e.contains("execute "))
                .toList();
    }
}
