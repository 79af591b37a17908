package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.orders.OrdersSpec;
import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import dev.twinstack.users.UsersSpec;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Nothing the function sends would pin an RDS Proxy session: the users and orders specs run against a PostgreSQL that
 * logs every statement, then no statement from the function's connections may set session state, prepare a named
 * statement or take an advisory lock. (Statements of other test classes that ran before are checked too.)
 */
@QuarkusTest
class NoPinningTest {

    /** The application_name of the function's pool connections (app's ApplicationName setting). */
    private static final String FUNCTION = "twinstack";
    /** How the log names clients without a startup application_name: the tests' own plain pgjdbc connections. */
    private static final String PLAIN_PGJDBC = "[unknown]";

    private static final Pattern PINS =
            Pattern.compile("(?is)(statement|execute [^:]*): \\s*(SET|RESET|PREPARE|DEALLOCATE|LISTEN|DISCARD)\\b"
                    + "|execute S_\\d+"
                    + "|pg_(try_)?advisory"
                    + "|(statement|execute [^:]*): \\s*CREATE\\s+TEMP");

    @Nested
    class Users extends UsersSpec {}

    @InjectTestDatabase
    TestDatabase database;

    @Nested
    class Orders extends OrdersSpec {

        /** Nested instances get no test-resource injection of their own: hand them the outer one's database. */
        @BeforeEach
        void shareTheDatabase() {
            useDatabase(database);
        }
    }

    @AfterAll
    static void noStatementPinsTheSession() {
        List<String> statements = StatementLog.statementsOf(FUNCTION);

        assertFalse(statements.isEmpty(), "the function's statements were logged");
        assertAll(statements.stream().map(s -> () -> assertFalse(PINS.matcher(s).find(), s)));
        assertTrue(
                StatementLog.statementsOf(PLAIN_PGJDBC).stream()
                        .anyMatch(s -> PINS.matcher(s).find()),
                "the check sees the SET application_name a default pgjdbc connection sends (the orders spec's own)");
    }
}
