package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.orders.OrdersSpec;
import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.TestDatabase;
import dev.twinstack.toolkit.RdsProxyPinning;
import dev.twinstack.users.UsersSpec;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Nothing the function sends would pin an RDS Proxy session: the users and orders specs run against a PostgreSQL that
 * logs every statement, then no statement from the function's connections may meet any of RDS Proxy's pinning
 * conditions, judged by the same rules the lab's tap applies to the proxy stand-in's clients ({@link RdsProxyPinning}).
 * (Statements of other test classes that ran before are checked too.)
 */
@QuarkusTest
class NoPinningTest {

    /** The application_name of the function's pool connections (app's ApplicationName setting). */
    private static final String FUNCTION = "twinstack";
    /** How the log names clients without a startup application_name: the tests' own plain pgjdbc connections. */
    private static final String PLAIN_PGJDBC = "[unknown]";

    /**
     * A logged statement: {@code statement: <sql>} for a simple query, {@code execute <name>: <sql>} for one run through
     * the extended protocol ({@code <unnamed>}, or the statement's name, then {@code /portal} if the portal is named).
     */
    private static final Pattern LOGGED = Pattern.compile("(?s)LOG:\\s+(statement|execute ([^:/]*)(/[^:]*)?): (.*)");

    private static final String UNNAMED = "<unnamed>";

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
        List<String> statements = StatementLog.statementsOf(FUNCTION).stream()
                .filter(s -> LOGGED.matcher(s).matches())
                .toList();

        assertFalse(statements.isEmpty(), "the function's statements were logged");
        assertAll(statements.stream().map(s -> () -> assertEquals(Set.of(), pinningReasons(s), s)));
        assertTrue(
                StatementLog.statementsOf(PLAIN_PGJDBC).stream()
                        .filter(s -> LOGGED.matcher(s).matches())
                        .anyMatch(s -> pinningReasons(s).contains(RdsProxyPinning.Reason.SESSION_PARAMETER)),
                "the check sees the SET application_name a default pgjdbc connection sends (the orders spec's own)");
    }

    private static Set<RdsProxyPinning.Reason> pinningReasons(String logged) {
        Matcher m = LOGGED.matcher(logged);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a logged statement: " + logged);
        }
        if (m.group(2) == null) {
            return RdsProxyPinning.ofStatement(m.group(4));
        }
        String name = m.group(2).strip();
        return RdsProxyPinning.ofParse(UNNAMED.equals(name) ? "" : name, m.group(4));
    }
}
