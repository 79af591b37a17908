package dev.twinstack.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.testing.Api;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Test data for the tests that drive the packaged server over raw connections. */
final class Fixtures {

    private Fixtures() {}

    static long createUser(int port) {
        Http.Exchange created = Http.postJson(
                port, "/api/users", "{\"email\":\"%s\",\"name\":\"Grace Hopper\"}".formatted(Api.uniqueEmail()));
        assertEquals(201, created.status(), created::toString);
        String location = created.header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    static String orderFor(long userId) {
        return Api.orderBody(userId, "SKU-1", 1);
    }

    /**
     * Holds a row lock (in the caller's open transaction) that an order insert for this user waits on: its
     * foreign-key check. That makes a request slow on demand, in the database, where real slowness happens.
     */
    static void lockUser(Connection lock, long userId) throws SQLException {
        try (PreparedStatement select = lock.prepareStatement("select id from users where id = ? for update")) {
            select.setLong(1, userId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "user " + userId + " exists");
            }
        }
    }
}
