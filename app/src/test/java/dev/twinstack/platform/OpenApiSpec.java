package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinstack.orders.OrdersSpec;
import dev.twinstack.testing.InjectTestDatabase;
import dev.twinstack.testing.ObservedAnswers;
import dev.twinstack.testing.OpenApiDocument;
import dev.twinstack.testing.OpenApiDocument.Operation;
import dev.twinstack.testing.TestDatabase;
import dev.twinstack.users.UsersSpec;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document tells a client every answer it can get, and only those: the users, orders and bad-input specs
 * run with every answer recorded, then each status a spec observed for an operation must be documented for it
 * (with the service's own headers and the media type it came with), and each documented status must have been
 * observed by some spec or be on {@link #NOT_PROVOKED}. Written once, run through every entry point.
 */
public abstract class OpenApiSpec {

    /** Operation id (or {@code *}: every operation) and status, and why no spec provokes it. Keep it short. */
    record Unprovoked(String operation, int status, String why) {}

    static final List<Unprovoked> NOT_PROVOKED = List.of(
            new Unprovoked(
                    "*", 500, "an unexpected failure is a bug: the bad-input spec asserts that no input causes one"),
            new Unprovoked(
                    "*",
                    503,
                    "needs the database held or stopped: PoolSaturationTest (pool exhausted) and deploy-k8s's"
                            + " SaturationIT (admission refused) provoke it, the shared specs run against a healthy"
                            + " database"),
            new Unprovoked(
                    "*",
                    401,
                    "needs auth on; these specs run in auth mode none (the local default): AuthJwtTest and"
                            + " AuthGatewayTest provoke it on every operation"),
            new Unprovoked("*", 403, "needs auth on: AuthJwtTest and AuthGatewayTest provoke it"),
            new Unprovoked(
                    "cancelOrder",
                    409,
                    "only a concurrent change of the same order (optimistic lock), which no spec can time"
                            + " deterministically"));

    /**
     * The API the document describes; health, metrics and the document itself live under {@code /q/}, and a deploy
     * module's test-only resources elsewhere.
     */
    private static final String API = "/api/";

    private static final ObservedAnswers OBSERVED = new ObservedAnswers();
    private static List<Filter> filtersBefore;
    private static OpenApiDocument document;

    @InjectTestDatabase
    TestDatabase database;

    @BeforeAll
    static void recordEveryAnswer() {
        filtersBefore = List.copyOf(RestAssured.filters());
        RestAssured.filters(OBSERVED);
    }

    /** Read once, where the test framework has pointed RestAssured at the service. */
    @BeforeEach
    void readTheDocument() {
        if (document == null) {
            document = OpenApiDocument.fetch();
        }
    }

    /**
     * The document declares how a caller authenticates (docs/security.md): an HTTP bearer scheme for JWTs, required by
     * every API operation, by its own security requirement or else by the document's.
     */
    @Test
    void everyApiOperationRequiresTheDeclaredBearerScheme() throws IOException {
        JsonNode root = new ObjectMapper()
                .readTree(given().accept("application/json")
                        .queryParam("format", "json")
                        .get(OpenApiDocument.PATH)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        JsonNode scheme = root.at("/components/securitySchemes/" + ApiDocs.BEARER);
        List<String> operations = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith(API)) {
                path.getValue().fields().forEachRemaining(op -> {
                    if (op.getValue().has("responses")) {
                        JsonNode security =
                                op.getValue().has("security") ? op.getValue().get("security") : root.path("security");
                        operations.add(op.getKey() + " " + path.getKey() + " " + security);
                    }
                });
            }
        });

        assertEquals("http", scheme.path("type").asText(), scheme.toString());
        assertEquals("bearer", scheme.path("scheme").asText(), scheme.toString());
        assertEquals("JWT", scheme.path("bearerFormat").asText(), scheme.toString());
        assertFalse(operations.isEmpty(), "the document lists the API's operations");
        assertAll(operations.stream()
                .map(op -> () -> assertTrue(
                        op.contains("{\"" + ApiDocs.BEARER + "\":[]}"), op + ": does not require " + ApiDocs.BEARER)));
    }

    @Nested
    class Users extends UsersSpec {}

    @Nested
    class Orders extends OrdersSpec {

        /** Nested instances get no test-resource injection of their own: hand them the outer one's database. */
        @BeforeEach
        void shareTheDatabase() {
            useDatabase(database);
        }
    }

    @Nested
    class BadInput extends BadInputSpec {}

    /** What the body limit and the media type check answer, on every operation that takes a body. */
    @Nested
    class Bodies {

        private static final String PROBLEM = "application/problem+json";
        /** Characters of a body larger than quarkus.http.limits.max-body-size (64K). */
        private static final int OVER_THE_BODY_LIMIT = 100_000;

        @Test
        void refusesOversizedAndNonJsonBodiesOnEveryOperationThatTakesOne() {
            List<Operation> withBody =
                    apiOperations().stream().filter(Operation::takesBody).toList();
            assertFalse(withBody.isEmpty(), "the document lists operations that take a body");

            assertAll(withBody.stream().map(op -> () -> {
                given().contentType("application/json")
                        .body("{\"name\":\"" + "x".repeat(OVER_THE_BODY_LIMIT) + "\"}")
                        .request(op.method(), op.pathWith("1"))
                        .then()
                        .statusCode(413)
                        .contentType(PROBLEM);
                given().contentType("text/plain")
                        .body("hello")
                        .request(op.method(), op.pathWith("1"))
                        .then()
                        .statusCode(415)
                        .contentType(PROBLEM);
            }));
        }
    }

    @AfterAll
    static void documentsExactlyTheAnswersTheSpecsObserve() {
        RestAssured.replaceFiltersWith(filtersBefore);
        assertNotNull(document, "the document was read");
        List<ObservedAnswers.Answer> answers = OBSERVED.answers();
        assertFalse(answers.isEmpty(), "the specs' answers were recorded");

        Set<String> problems = new TreeSet<>();
        Map<Operation, Set<Integer>> observed = new HashMap<>();
        for (ObservedAnswers.Answer answer : answers) {
            if (!answer.path().startsWith(API)) {
                continue;
            }
            Optional<Operation> operation = document.operationFor(answer.method(), answer.path());
            if (operation.isEmpty()) {
                if (answer.status() != 404 && answer.status() != 405) {
                    problems.add(answer + ": no documented operation, yet not refused");
                }
                continue;
            }
            Operation op = operation.get();
            observed.computeIfAbsent(op, o -> new TreeSet<>()).add(answer.status());
            OpenApiDocument.Answer documented = op.answers().get(answer.status());
            if (documented == null) {
                problems.add(op + " answered " + answer.status() + " in a spec, but the document does not list it");
                continue;
            }
            for (String header : answer.headers()) {
                if (!documented.headers().contains(header)) {
                    problems.add(op + " sent " + header + " with " + answer.status() + ", undocumented there");
                }
            }
            if (answer.mediaType() != null && !documented.mediaTypes().contains(answer.mediaType())) {
                problems.add(op + " answered " + answer.status() + " as " + answer.mediaType() + ", documented as "
                        + documented.mediaTypes());
            }
        }
        for (Operation op : apiOperations()) {
            for (int status : op.answers().keySet()) {
                if (!observed.getOrDefault(op, Set.of()).contains(status) && !notProvoked(op, status)) {
                    problems.add(op + " documents " + status
                            + " but no spec observed it: provoke it in a spec, or remove it from the document");
                }
            }
        }
        for (Unprovoked entry : NOT_PROVOKED) {
            if (apiOperations().stream()
                    .noneMatch(op -> applies(entry, op) && op.answers().containsKey(entry.status()))) {
                problems.add(entry + " names a status no operation documents: remove it");
            }
        }

        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static List<Operation> apiOperations() {
        return document.operations().stream()
                .filter(op -> op.path().startsWith(API))
                .toList();
    }

    private static boolean notProvoked(Operation op, int status) {
        return NOT_PROVOKED.stream().anyMatch(entry -> applies(entry, op) && entry.status() == status);
    }

    private static boolean applies(Unprovoked entry, Operation op) {
        return entry.operation().equals("*") || entry.operation().equals(op.id());
    }
}
