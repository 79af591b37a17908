package dev.twinstack.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twinstack.testing.Management;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input gets a problem+json answer naming the field (body) or parameter (query, path, header) at
 * fault: never a 500, never a stack trace or SQL. Written once, run through every entry point.
 */
public abstract class BadInputSpec {

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";
    private static final String USER = "{\"email\":\"a@example.com\",\"name\":\"A\"}";
    private static final String NUL = "\\u0000";

    /** One malformed request and what the answer must say. {@code at} is "field:x", "parameter:x" or empty. */
    record Case(
            String name,
            String method,
            String path,
            String contentType,
            Map<String, String> headers,
            String body,
            int status,
            String at) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Case body(String name, String path, String body, String field) {
        return new Case(name, "POST", path, JSON, Map.of(), body, 400, "field:" + field);
    }

    static Case query(String name, String path, String parameter) {
        return new Case(name, "GET", path, null, Map.of(), null, 400, "parameter:" + parameter);
    }

    static String order(String userId, String items) {
        return "{\"userId\":" + userId + ",\"items\":" + items + "}";
    }

    static String item(String sku, String qty) {
        return "[{\"sku\":" + sku + ",\"qty\":" + qty + "}]";
    }

    static Stream<Case> cases() {
        return Stream.of(
                body("malformed JSON", "/api/users", "{\"email\":", "$"),
                body("array instead of object", "/api/users", "[]", "$"),
                body("empty body", "/api/users", "", "$"),
                body("trailing garbage", "/api/users", USER + " x", "$"),
                body("missing email", "/api/users", "{\"name\":\"A\"}", "email"),
                body("missing name", "/api/users", "{\"email\":\"a@example.com\"}", "name"),
                body("email of wrong type", "/api/users", "{\"email\":5,\"name\":\"A\"}", "email"),
                body("email not an address", "/api/users", "{\"email\":\"nope\",\"name\":\"A\"}", "email"),
                body(
                        "email too long",
                        "/api/users",
                        "{\"email\":\"" + "a".repeat(250) + "@example.com\",\"name\":\"A\"}",
                        "email"),
                body("blank name", "/api/users", "{\"email\":\"a@example.com\",\"name\":\" \"}", "name"),
                body(
                        "name too long",
                        "/api/users",
                        "{\"email\":\"a@example.com\",\"name\":\"" + "n".repeat(201) + "\"}",
                        "name"),
                body("NUL in name", "/api/users", "{\"email\":\"a@example.com\",\"name\":\"A" + NUL + "B\"}", "name"),
                body(
                        "unknown field",
                        "/api/users",
                        "{\"email\":\"a@example.com\",\"name\":\"A\",\"admin\":true}",
                        "admin"),
                body("name of wrong type", "/api/users", "{\"email\":\"a@example.com\",\"name\":{}}", "name"),
                body("missing userId", "/api/orders", "{\"items\":" + item("\"A\"", "1") + "}", "userId"),
                body("userId not a number", "/api/orders", order("\"abc\"", item("\"A\"", "1")), "userId"),
                body("userId zero", "/api/orders", order("0", item("\"A\"", "1")), "userId"),
                body("userId out of range", "/api/orders", order("1e30", item("\"A\"", "1")), "userId"),
                body("missing items", "/api/orders", "{\"userId\":1}", "items"),
                body("no items", "/api/orders", order("1", "[]"), "items"),
                body("too many items", "/api/orders", order("1", tooManyItems()), "items"),
                body("null item", "/api/orders", order("1", "[null]"), "items[0]"),
                body("qty zero", "/api/orders", order("1", item("\"A\"", "0")), "items[0].qty"),
                body("qty above maximum", "/api/orders", order("1", item("\"A\"", "1001")), "items[0].qty"),
                body("qty fractional", "/api/orders", order("1", item("\"A\"", "1.5")), "items[0].qty"),
                body("qty overflows", "/api/orders", order("1", item("\"A\"", "99999999999")), "items[0].qty"),
                body("qty as string", "/api/orders", order("1", item("\"A\"", "\"2\"")), "items[0].qty"),
                body("missing sku", "/api/orders", order("1", "[{\"qty\":1}]"), "items[0].sku"),
                body("NUL in sku", "/api/orders", order("1", item("\"A" + NUL + "\"", "1")), "items[0].sku"),
                body(
                        "sku too long",
                        "/api/orders",
                        order("1", item("\"" + "s".repeat(65) + "\"", "1")),
                        "items[0].sku"),
                body("absurd nesting", "/api/orders", order("1", "[".repeat(500) + "]".repeat(500)), "items[0]"),
                new Case(
                        "Idempotency-Key too long",
                        "POST",
                        "/api/orders",
                        JSON,
                        Map.of("Idempotency-Key", "k".repeat(256)),
                        order("1", item("\"A\"", "1")),
                        400,
                        "parameter:Idempotency-Key"),
                new Case(
                        "body too large",
                        "POST",
                        "/api/users",
                        JSON,
                        Map.of(),
                        "{\"email\":\"a@example.com\",\"name\":\"" + "x".repeat(100_000) + "\"}",
                        413,
                        ""),
                new Case("not JSON", "POST", "/api/users", "text/plain", Map.of(), "hello", 415, ""),
                query("limit zero", "/api/users?limit=0", "limit"),
                query("limit above maximum", "/api/users?limit=101", "limit"),
                query("limit not a number", "/api/users?limit=ten", "limit"),
                query("cursor negative", "/api/users?after=-5", "after"),
                query("cursor not a number", "/api/users?after=x", "after"),
                query("email with NUL", "/api/users?email=%00", "email"),
                query("email with NUL inside", "/api/users?email=a%00b@example.com", "email"),
                query("email too long", "/api/users?email=" + "a".repeat(250) + "@example.com", "email"),
                query("orders without userId", "/api/orders", "userId"),
                query("orders userId not a number", "/api/orders?userId=abc", "userId"),
                query("orders limit negative", "/api/orders?userId=1&limit=-1", "limit"),
                new Case("id not a number", "GET", "/api/users/abc", null, Map.of(), null, 404, ""),
                new Case("id overflows", "GET", "/api/orders/99999999999999999999", null, Map.of(), null, 404, ""),
                new Case("unknown path", "GET", "/api/nothing", null, Map.of(), null, 404, ""),
                new Case("method not allowed", "DELETE", "/api/orders/1", null, Map.of(), null, 405, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersBadInputWithProblemNamingTheFault(Case c) {
        RequestSpecification request = given().urlEncodingEnabled(false).headers(c.headers());
        if (c.contentType() != null) {
            request.contentType(c.contentType());
        }
        if (c.body() != null) {
            request.body(c.body());
        }

        ValidatableResponse response = request.request(c.method(), c.path()).then();

        response.statusCode(c.status())
                .contentType(PROBLEM)
                .body("status", equalTo(c.status()))
                .body(not(containsString("Exception")))
                .body(not(containsString("dev.twinstack")))
                .body(not(containsString("SQL")));
        if (c.at().startsWith("field:")) {
            response.body("errors.field", hasItem(c.at().substring("field:".length())));
        } else if (c.at().startsWith("parameter:")) {
            response.body("errors.parameter", hasItem(c.at().substring("parameter:".length())));
        }
    }

    /**
     * Hostile values for any parameter: NUL (alone and inside), control characters, over-long text, numbers out of
     * range, Unicode non-characters and surrogates, malformed UTF-8. All percent-encoded as a client sends them
     * (malformed percent-encoding no client library sends; the HTTP layer answers it with 400 before the application).
     */
    static final List<String> HOSTILE_VALUES = List.of(
            "%00",
            "a%00b@example.com",
            "%0D%0ASet-Cookie:%20x=1",
            "%1B%5B31m",
            "a".repeat(1_000),
            "a".repeat(250) + "@example.com",
            "0",
            "-1",
            "-9223372036854775809",
            "9223372036854775808",
            "99999999999999999999999999",
            "1e400",
            "NaN",
            "0x10",
            "%EF%BF%BF",
            "%EF%B7%90",
            "%F4%8F%BF%BF",
            "%ED%A0%80",
            "%C3%28",
            "%FF%FE",
            "%25",
            "%2F..%2F..",
            "'%20OR%20'1'='1",
            "");

    /**
     * Every query and path parameter the OpenAPI document declares, with each hostile value: never a 5xx, and a
     * client error is problem+json. Other parameters get harmless values (an id no row has), so no request changes
     * data.
     */
    @TestFactory
    Stream<DynamicTest> noHostileParameterValueGetsAServerError() {
        JsonPath document = new JsonPath(openApiDocument());
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<DynamicTest> tests = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (!HTTP_METHODS.contains(method)) {
                return;
            }
            List<Map<String, Object>> parameters = parametersOf(operation);
            for (Map<String, Object> parameter : parameters) {
                if (!List.of("query", "path").contains(parameter.get("in"))) {
                    continue;
                }
                for (String value : HOSTILE_VALUES) {
                    String uri = uriWith(path, parameters, parameter, value);
                    tests.add(DynamicTest.dynamicTest(
                            method.toUpperCase(Locale.ROOT) + " " + abbreviated(uri),
                            () -> answersHostileParameterWithClientError(method, uri)));
                }
            }
        }));
        assertFalse(tests.isEmpty(), "the OpenAPI document declares no parameters");
        return tests.stream();
    }

    /** The service's OpenAPI document (JSON), where the build serves it. */
    private static String openApiDocument() {
        return Management.given()
                .accept(JSON)
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String NO_SUCH_ID = Long.toString(Long.MAX_VALUE);

    private static void answersHostileParameterWithClientError(String method, String uri) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (!method.equals("get") && !method.equals("delete")) {
            request.contentType(JSON).body("{}");
        }

        ValidatableResponse response =
                request.request(method.toUpperCase(Locale.ROOT), uri).then();

        response.statusCode(lessThan(500))
                .body(not(containsString("Exception")))
                .body(not(containsString("dev.twinstack")))
                .body(not(containsString("SQL")));
        if (response.extract().statusCode() >= 400) {
            response.contentType(PROBLEM);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parametersOf(Map<String, Object> operation) {
        Object parameters = operation.get("parameters");
        return parameters == null ? List.of() : (List<Map<String, Object>>) parameters;
    }

    /** The path with {@code hostile} in {@code target}'s place, the other path parameters and required ones filled. */
    private static String uriWith(
            String path, List<Map<String, Object>> parameters, Map<String, Object> target, String hostile) {
        String uri = path;
        List<String> query = new ArrayList<>();
        for (Map<String, Object> parameter : parameters) {
            String name = (String) parameter.get("name");
            boolean isTarget = parameter == target;
            String value = isTarget ? hostile : NO_SUCH_ID;
            if ("path".equals(parameter.get("in"))) {
                uri = uri.replace("{" + name + "}", value);
            } else if ("query".equals(parameter.get("in"))
                    && (isTarget || Boolean.TRUE.equals(parameter.get("required")))) {
                query.add(name + "=" + value);
            }
        }
        return query.isEmpty() ? uri : uri + "?" + String.join("&", query);
    }

    private static String abbreviated(String uri) {
        return uri.length() <= 80 ? uri : uri.substring(0, 60) + "...(" + uri.length() + " characters)";
    }

    private static String tooManyItems() {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i <= 100; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"A\",\"qty\":1}");
        }
        return items.append(']').toString();
    }
}
