package dev.twinstack.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A database given by URL: the tests cannot stop it, and use the given user for inspection. */
record ExternalDatabase(String jdbcUrl, String username, String password) implements TestDatabase {

    @Override
    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public boolean canStopAndStart() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("a database given by TWINSTACK_TEST_DB_URL cannot be stopped by tests");
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException("a database given by TWINSTACK_TEST_DB_URL cannot be started by tests");
    }
}
