package dev.twinstack.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Small helpers the specs share to create test data through the API itself. */
public final class Api {

    private Api() {}

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** An email no other test uses, so specs never depend on each other's data. */
    public static String uniqueEmail() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    public static long createUser() {
        String body = "{\"email\":\"%s\",\"name\":\"Ada Lovelace\"}".formatted(uniqueEmail());
        return json().body(body)
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    public static String orderBody(long userId, String sku, int qty) {
        return "{\"userId\":%d,\"items\":[{\"sku\":\"%s\",\"qty\":%d}]}".formatted(userId, sku, qty);
    }

    public static long placeOrder(long userId) {
        return json().body(orderBody(userId, "SKU-1", 2))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }
}
