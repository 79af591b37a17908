package dev.twinstack.lambda;

import static dev.twinstack.testing.Api.createUser;
import static dev.twinstack.testing.Api.json;
import static dev.twinstack.testing.Api.placeOrder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A read by primary key costs the database one statement: no {@code begin}/{@code commit} around it (a second round
 * trip) and, for an order, its items in the same statement. Read from the test PostgreSQL's own statement log: the
 * statements the function's connection sent between two user inserts (the inserts' own {@code commit} before and
 * {@code begin} after left out), around the read under test.
 */
@QuarkusTest
class SingleStatementReadTest {

    /** The application_name of the function's pool connection (app's ApplicationName setting). */
    private static final String FUNCTION = "twinstack";

    private static final Pattern USER_INSERT = Pattern.compile("(?is)(statement|execute [^:]*): \\s*insert into users");
    private static final Pattern BEGIN = Pattern.compile("(?is)(statement|execute [^:]*): \\s*begin\\b");
    private static final Pattern COMMIT = Pattern.compile("(?is)(statement|execute [^:]*): \\s*commit\\b");
    private static final Pattern SELECT = Pattern.compile("(?is)(statement|execute [^:]*): \\s*select\\b");
    /**
     * The pool's validation of a connection idle longer than foreground-validation-interval (pgjdbc's isValid sends an
     * empty query): a property of the pool, not of the read, and only there when the previous request was a while ago.
     */
    private static final Pattern VALIDATION = Pattern.compile("(?s)statement: \\s*$");

    private static final long MISSING_ID = Long.MAX_VALUE - 7;

    @Test
    void readsAUserInOneStatement() {
        long id = createUser();

        List<String> read =
                statementsOf(() -> json().get("/api/users/{id}", id).then().statusCode(200));

        assertOneSelect(read, "users");
    }

    @Test
    void answersAMissingUserAfterOneStatement() {
        List<String> read = statementsOf(
                () -> json().get("/api/users/{id}", MISSING_ID).then().statusCode(404));

        assertOneSelect(read, "users");
    }

    @Test
    void readsAnOrderWithItsItemsInOneStatement() {
        long order = placeOrder(createUser());

        List<String> read =
                statementsOf(() -> json().get("/api/orders/{id}", order).then().statusCode(200));

        assertOneSelect(read, "order_items");
    }

    @Test
    void answersAMissingOrderAfterOneStatement() {
        List<String> read = statementsOf(
                () -> json().get("/api/orders/{id}", MISSING_ID).then().statusCode(404));

        assertOneSelect(read, "orders");
    }

    private static void assertOneSelect(List<String> read, String table) {
        assertEquals(1, read.size(), () -> "one statement, no begin/commit: " + read);
        assertTrue(SELECT.matcher(read.get(0)).find(), read::toString);
        assertTrue(read.get(0).contains(table), read::toString);
    }

    /** What the function sent for {@code read}, bracketed by a user insert before and after it. */
    private static List<String> statementsOf(Runnable read) {
        int before = inserts(StatementLog.statementsOf(FUNCTION));
        createUser();
        read.run();
        createUser();
        // The server's log collector writes asynchronously: wait until the second insert is in the file.
        List<String> log = await().atMost(Duration.ofSeconds(30))
                .until(() -> StatementLog.statementsOf(FUNCTION), l -> inserts(l) >= before + 2);
        int first = nthInsert(log, before);
        int second = nthInsert(log, before + 1);
        List<String> between = log.subList(first + 1, second);
        int from = !between.isEmpty() && COMMIT.matcher(between.get(0)).find() ? 1 : 0;
        int to = between.size()
                - (between.size() > from
                                && BEGIN.matcher(between.get(between.size() - 1))
                                        .find()
                        ? 1
                        : 0);
        return between.subList(from, to).stream()
                .filter(s -> !VALIDATION.matcher(s).find())
                .toList();
    }

    private static int inserts(List<String> log) {
        return (int) log.stream().filter(s -> USER_INSERT.matcher(s).find()).count();
    }

    private static int nthInsert(List<String> log, int n) {
        int seen = 0;
        for (int i = 0; i < log.size(); i++) {
            if (USER_INSERT.matcher(log.get(i)).find() && seen++ == n) {
                return i;
            }
        }
        throw new IllegalStateException("insert " + n + " not in the log");
    }
}
