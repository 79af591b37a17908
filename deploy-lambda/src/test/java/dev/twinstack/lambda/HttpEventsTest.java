package dev.twinstack.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinstack.platform.ColdStart;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Raw Lambda events, as API Gateway HTTP APIs (payload 2.0) and Function URLs deliver them, posted to the mock event
 * server; the assertions read the raw Lambda response the handler returns.
 */
@QuarkusTest
class HttpEventsTest {

    private static final String EVENTS = "/_lambda_";
    private static final String HTTP_API_DOMAIN = "r2d2c3p0.execute-api.eu-west-1.amazonaws.com";
    private static final String FUNCTION_URL_DOMAIN = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";
    private static final String NAME = "Katherine Johnson";
    private static final String SOURCE_IP = "192.0.2.10";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ColdStart coldStart;

    @Test
    void httpApiEventWithBase64BodyCreatesUser() {
        String email = "k-" + UUID.randomUUID() + "@example.com";
        String body = "{\"email\":\"%s\",\"name\":\"%s\"}".formatted(email, NAME);
        ObjectNode event = event(HTTP_API_DOMAIN, "POST", "/api/users", "")
                .put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .put("isBase64Encoded", true);
        event.withObject("headers").put("content-type", "application/json");

        LambdaResponse response = invoke(event);

        assertEquals(201, response.status());
        assertTrue(response.header("content-type").startsWith("application/json"));
        assertTrue(response.header("location").startsWith("/api/users/"), response.header("location"));
        assertFalse(response.base64());
        assertEquals(email, response.json().get("email").asText());
    }

    @Test
    void clientSentForwardedHeadersChooseNeitherTheCallerNorTheLocation() {
        String body = "{\"email\":\"%s\",\"name\":\"%s\"}".formatted("f-" + UUID.randomUUID() + "@example.com", NAME);
        ObjectNode create = event(HTTP_API_DOMAIN, "POST", "/api/users", "").put("body", body);
        forgeForwardedHeaders(create.withObject("headers").put("content-type", "application/json"));
        ObjectNode probe = event(HTTP_API_DOMAIN, "GET", "/probe/caller", "");
        forgeForwardedHeaders(probe.withObject("headers"));

        LambdaResponse created = invoke(create);
        LambdaResponse caller = invoke(probe);

        assertEquals(201, created.status());
        assertTrue(created.header("location").startsWith("/api/users/"), created.header("location"));
        assertEquals(SOURCE_IP, caller.body().split(" ")[0]);
    }

    /** What a client may add: API Gateway appends the real address to X-Forwarded-For, after the forged one. */
    private static void forgeForwardedHeaders(ObjectNode headers) {
        headers.put("x-forwarded-for", "203.0.113.66, " + SOURCE_IP)
                .put("x-forwarded-host", "evil.example")
                .put("x-forwarded-port", "8443")
                .put("x-forwarded-proto", "http")
                .put("forwarded", "for=203.0.113.66;host=evil.example;proto=http");
    }

    @Test
    void functionUrlEventForUnknownUserGetsProblem() {
        ObjectNode event = event(FUNCTION_URL_DOMAIN, "GET", "/api/users/" + Long.MAX_VALUE, "");

        LambdaResponse response = invoke(event);

        assertEquals(404, response.status());
        assertEquals("application/problem+json", response.header("content-type"));
        assertEquals(404, response.json().get("status").asInt());
    }

    @Test
    void functionUrlEventPassesTheQueryString() {
        ObjectNode event = event(FUNCTION_URL_DOMAIN, "GET", "/api/users", "limit=0");

        LambdaResponse response = invoke(event);

        assertEquals(400, response.status());
        assertEquals("application/problem+json", response.header("content-type"));
    }

    @Test
    void firstApplicationRequestIsMarkedColdOthersAreNot() {
        // Other tests of this class may already have served requests: start from a fresh instance's state, as a
        // new environment (or a SnapStart restore) does.
        coldStart.rearm();

        LambdaResponse cold = invoke(event(HTTP_API_DOMAIN, "GET", "/api/users", "limit=1"));
        LambdaResponse warm = invoke(event(HTTP_API_DOMAIN, "GET", "/api/users", "limit=1"));

        assertEquals(200, cold.status());
        assertEquals("true", cold.header(ColdStart.HEADER));
        assertEquals(200, warm.status());
        assertNull(warm.header(ColdStart.HEADER));
    }

    @Test
    void cookiesArriveFromTheCookiesArrayAndSetCookieLeavesInIt() {
        ObjectNode event = event(HTTP_API_DOMAIN, "GET", "/probe/cookies", "");
        event.putArray("cookies").add("session=abc").add("theme=dark");

        LambdaResponse response = invoke(event);

        assertEquals(200, response.status());
        assertEquals("session=abc;theme=dark", response.body());
        assertTrue(response.cookies().stream().anyMatch(c -> c.startsWith("probe=1")), response.cookies()::toString);
    }

    @Test
    void binaryResponseIsBase64Encoded() {
        ObjectNode event = event(FUNCTION_URL_DOMAIN, "GET", "/probe/bytes", "");

        LambdaResponse response = invoke(event);

        assertEquals(200, response.status());
        assertEquals("application/octet-stream", response.header("content-type"));
        assertTrue(response.base64());
        assertArrayEquals(ProbeResource.BYTES, Base64.getDecoder().decode(response.body()));
    }

    /** A payload 2.0 event; HTTP APIs and Function URLs differ only in their request context's domain and ids. */
    private static ObjectNode event(String domain, String method, String path, String query) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", "$default")
                .put("rawPath", path)
                .put("rawQueryString", query)
                .put("isBase64Encoded", false);
        event.set("headers", JSON.valueToTree(Map.of("accept", "*/*", "host", domain, "x-forwarded-proto", "https")));
        if (!query.isEmpty()) {
            event.set("queryStringParameters", JSON.valueToTree(Map.of(query.split("=")[0], query.split("=")[1])));
        }
        ObjectNode context = event.putObject("requestContext")
                .put("accountId", "123456789012")
                .put("apiId", domain.substring(0, domain.indexOf('.')))
                .put("domainName", domain)
                .put("domainPrefix", domain.substring(0, domain.indexOf('.')))
                .put("requestId", UUID.randomUUID().toString())
                .put("routeKey", "$default")
                .put("stage", "$default")
                .put("time", "23/Nov/2026:21:00:00 +0000")
                .put("timeEpoch", 1_795_381_200_000L);
        context.putObject("http")
                .put("method", method)
                .put("path", path)
                .put("protocol", "HTTP/1.1")
                .put("sourceIp", SOURCE_IP)
                .put("userAgent", "events-test");
        return event;
    }

    private static LambdaResponse invoke(ObjectNode event) {
        String raw = given().contentType(ContentType.JSON)
                .body(event.toString())
                .post(EVENTS)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new LambdaResponse(readTree(raw));
    }

    /** The handler's APIGatewayV2HTTPResponse; header names are case-insensitive, as API Gateway treats them. */
    private record LambdaResponse(JsonNode raw) {

        int status() {
            return raw.get("statusCode").asInt();
        }

        String header(String name) {
            var headers = raw.get("headers").fields();
            while (headers.hasNext()) {
                var header = headers.next();
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue().asText();
                }
            }
            return null;
        }

        boolean base64() {
            return raw.get("isBase64Encoded").asBoolean();
        }

        String body() {
            return raw.get("body").asText();
        }

        JsonNode json() {
            return readTree(body());
        }

        List<String> cookies() {
            List<String> cookies = new ArrayList<>();
            raw.path("cookies").forEach(c -> cookies.add(c.asText()));
            return cookies;
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
