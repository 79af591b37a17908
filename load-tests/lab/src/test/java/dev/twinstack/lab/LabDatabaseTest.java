package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's database keeps what it acknowledged as the managed database does. */
class LabDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgesACommitOnlyOnceItIsInTheWal() throws Exception {
        try (LabDatabase db = LabDatabase.start(Files.createDirectories(dir.resolve("postgres")), 20);
                Connection c = db.adminConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
            r.next();

            // Off, an immediate shutdown (the failover drill) loses commits the service already answered 201 for.
            assertEquals("on", r.getString(1));
        }
    }

    @Test
    void givesEveryTargetAFreshCopyOfWhatWasSeeded() throws Exception {
        try (LabDatabase db = LabDatabase.start(Files.createDirectories(dir.resolve("postgres")), 20)) {
            execute(db, "CREATE TABLE orders (id int)", "INSERT INTO orders VALUES (1)");
            db.keepSeeded();

            db.freshCopy();
            execute(db, "INSERT INTO orders VALUES (2)");
            try (Connection heldOpen = db.adminConnection()) {
                // The previous target's connections (a proxy's pool) do not stop the next copy.
                db.freshCopy();
            }

            assertEquals(1, count(db));
        }
    }

    private static void execute(LabDatabase db, String... statements) throws Exception {
        try (Connection c = db.adminConnection();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int count(LabDatabase db) throws Exception {
        try (Connection c = db.adminConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM orders")) {
            r.next();
            return r.getInt(1);
        }
    }
}
