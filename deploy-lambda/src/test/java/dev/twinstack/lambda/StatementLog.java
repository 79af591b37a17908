package dev.twinstack.lambda;

import dev.twinstack.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement the test PostgreSQL receives, written by the server itself to a file in its data directory
 * ({@code log_statement=all}, one line prefix per entry naming the client's application_name) and read back through
 * SQL ({@code pg_read_file}), so it works alike for the embedded server and a container, whose files the build cannot
 * see. Switched on by {@link MigratedPostgres} for a server this build runs (a restart is needed for the log
 * collector).
 */
final class StatementLog {

    /** Relative to the server's data directory. */
    private static final String DIRECTORY = "statement-log";

    private static final String FILE = "statements.log";
    /** Separates the prefix (application name, process id) from the message. */
    private static final String SEPARATOR = "|";

    private static TestDatabase database;

    private StatementLog() {}

    static synchronized void enable(TestDatabase db) throws SQLException {
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement()) {
            s.execute("ALTER SYSTEM SET logging_collector = on");
            s.execute("ALTER SYSTEM SET log_destination = 'stderr'");
            s.execute("ALTER SYSTEM SET log_directory = '" + DIRECTORY + "'");
            s.execute("ALTER SYSTEM SET log_filename = '" + FILE + "'");
            s.execute("ALTER SYSTEM SET log_statement = 'all'");
            s.execute("ALTER SYSTEM SET log_line_prefix = '%a" + SEPARATOR + "%p" + SEPARATOR + "'");
        }
        db.stop();
        db.start();
        try (Connection admin = db.adminConnection();
                Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SHOW logging_collector")) {
            rs.next();
            if (!"on".equals(rs.getString(1))) {
                throw new IllegalStateException("the test PostgreSQL did not turn its statement log on");
            }
        }
        database = db;
    }

    /** The logged statements of one client application, each with its continuation lines joined. */
    static List<String> statementsOf(String applicationName) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = null;
        for (String line : read().split("\n", -1)) {
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
                current = new StringBuilder(line.substring(line.indexOf(SEPARATOR, applicationName.length() + 1) + 1));
            }
        }
        if (current != null) {
            entries.add(current.toString());
        }
        return entries.stream()
                .filter(e -> e.contains("statement: ") || e.contains("execute "))
                .toList();
    }

    private static synchronized String read() {
        if (database == null) {
            throw new IllegalStateException("no statement log: the no-pinning check needs a test PostgreSQL this build "
                    + "starts and restarts (embedded or a container, not TWINSTACK_TEST_DB_URL)");
        }
        try (Connection admin = database.adminConnection();
                PreparedStatement read = admin.prepareStatement("SELECT pg_read_file(?)")) {
            read.setString(1, DIRECTORY + "/" + FILE);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the test PostgreSQL's statement log", e);
        }
    }
}
