package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinstack.testing.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What the database refuses reaches exceptions, and so error logs, without the row's values. */
@QuarkusTest
class ErrorDetailTest {

    private static final String INSERT = "INSERT INTO users (email, name) VALUES (?, 'A')";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRefusedWriteNamesTheConstraintNotTheValues() throws Exception {
        String email = Api.uniqueEmail();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, email);
            insert.executeUpdate();

            SQLException refused = assertThrows(SQLException.class, insert::executeUpdate);

            assertEquals("23505", refused.getSQLState());
            assertFalse(refused.toString().contains(email), refused.toString());
        }
    }
}
