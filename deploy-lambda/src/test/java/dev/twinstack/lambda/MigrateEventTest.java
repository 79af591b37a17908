package dev.twinstack.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The event the deploy workflow invokes the migration function with ({@code migrate-event.json}) is one the function
 * answers through its Lambda event path: readiness, which needs the migrated database, answers 200 and UP. A
 * malformed event would fail the deploy after the migrations ran, or hide a failed one.
 */
@QuarkusTest
class MigrateEventTest {

    private static final Path EVENT = Path.of(System.getProperty("twinstack-build-dir", "target"))
            .toAbsolutePath()
            .getParent()
            .resolve("migrate-event.json");

    @Test
    void migrateEventIsAnsweredWithReadiness() throws Exception {
        String raw = given().contentType(ContentType.JSON)
                .body(Files.readString(EVENT))
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode response = new ObjectMapper().readTree(raw);
        String body = response.get("body").asText();
        if (response.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }

        assertEquals(200, response.get("statusCode").asInt(), raw);
        assertEquals("UP", new ObjectMapper().readTree(body).get("status").asText(), body);
    }
}
