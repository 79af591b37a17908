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
}
