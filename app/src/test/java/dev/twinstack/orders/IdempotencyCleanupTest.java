package dev.twinstack.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyCleanupTest {

    @Inject
    IdempotencyKeys keys;

    @InjectTestDatabase
    TestDatabase db;

    @Test
    void deletesOnlyKeysPastTheRetention() throws Exception {
        String expired = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        try (Connection c = db.adminConnection();
                PreparedStatement insert = c.prepareStatement(
                        "insert into idempotency_keys (idempotency_key, request_hash, created_at) values (?, 'h', ?::timestamptz)")) {
            insert.setString(1, expired);
            insert.setString(2, "2000-01-01T00:00:00Z");
            insert.executeUpdate();
            insert.setString(1, live);
            insert.setString(2, java.time.Instant.now().toString());
            insert.executeUpdate();
        }

        keys.cleanUp();

        assertEquals(0, db.count("select count(*) from idempotency_keys where idempotency_key = ?", expired));
        assertEquals(1, db.count("select count(*) from idempotency_keys where idempotency_key = ?", live));
    }
}
