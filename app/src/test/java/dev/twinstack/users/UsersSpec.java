package dev.twinstack.users;

import static dev.twinstack.testing.Api.createUser;
import static dev.twinstack.testing.Api.json;
import static dev.twinstack.testing.Api.placeOrder;
import static dev.twinstack.testing.Api.uniqueEmail;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The users API, written once and run through every entry point (server, Lambda event path, packaged server). */
public abstract class UsersSpec {

    private static final String PROBLEM = "application/problem+json";
    private static final String NAME = "Grace Hopper";

    @Test
    void createsUser() {
        String email = uniqueEmail();

        json().body(userJson(email, NAME))
                .post("/api/users")
                .then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("id", notNullValue())
                .body("email", equalTo(email))
                .body("name", equalTo(NAME))
                .body("createdAt", notNullValue());
    }

    @Test
    void answersNeitherCacheableNorSniffableEvenOnErrors() {
        long id = createUser();

        json().get("/api/users/{id}", id)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
        json().get("/api/users/{id}", Long.MAX_VALUE)
                .then()
                .statusCode(404)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void getsUserById() {
        String email = uniqueEmail();
        long id =
                json().body(userJson(email, NAME)).post("/api/users").jsonPath().getLong("id");

        json().get("/api/users/{id}", id).then().statusCode(200).body("email", equalTo(email));
    }

    @Test
    void answersUnknownUserWith404Problem() {
        json().get("/api/users/{id}", Long.MAX_VALUE)
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404));
    }

    @Test
    void answersUpdateOfUnknownUserWith404Problem() {
        json().body(userJson(uniqueEmail(), NAME))
                .put("/api/users/{id}", Long.MAX_VALUE)
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void answersDeleteOfUnknownUserWith404Problem() {
        json().delete("/api/users/{id}", Long.MAX_VALUE).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void rejectsInvalidUpdateNamingTheField() {
        long id = createUser();

        json().body(userJson("not-an-address", NAME))
                .put("/api/users/{id}", id)
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("email"));
    }

    @Test
    void rejectsDuplicateEmailRegardlessOfCase() {
        String email = uniqueEmail();
        json().body(userJson(email, NAME)).post("/api/users").then().statusCode(201);

        json().body(userJson(email.toUpperCase(), NAME))
                .post("/api/users")
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("email"));
    }

    @Test
    void updatesUser() {
        long id = createUser();
        String email = uniqueEmail();

        json().body(userJson(email, "Renamed"))
                .put("/api/users/{id}", id)
                .then()
                .statusCode(200);

        json().get("/api/users/{id}", id).then().body("email", equalTo(email)).body("name", equalTo("Renamed"));
    }

    @Test
    void rejectsUpdateToAnotherUsersEmail() {
        String taken = uniqueEmail();
        json().body(userJson(taken, NAME)).post("/api/users").then().statusCode(201);
        long id = createUser();

        json().body(userJson(taken, NAME)).put("/api/users/{id}", id).then().statusCode(409);
    }

    @Test
    void deletesUser() {
        long id = createUser();

        json().delete("/api/users/{id}", id).then().statusCode(204);

        json().get("/api/users/{id}", id).then().statusCode(404);
    }

    @Test
    void refusesToDeleteUserWithOrders() {
        long id = createUser();
        placeOrder(id);

        json().delete("/api/users/{id}", id).then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void findsUserByEmail() {
        String email = uniqueEmail();
        long id =
                json().body(userJson(email, NAME)).post("/api/users").jsonPath().getLong("id");

        json().queryParam("email", email.toUpperCase())
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo((int) id));
    }

    @Test
    void pagesThroughUsersByKeyset() {
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createUser());
        }

        List<Long> seen = new ArrayList<>();
        Long cursor = created.get(0) - 1;
        do {
            JsonPath page = json().queryParam("after", cursor)
                    .queryParam("limit", 2)
                    .get("/api/users")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("items.id", Long.class));
            cursor = page.get("next") == null ? null : page.getLong("next");
        } while (cursor != null);

        assertEquals(created, seen.subList(0, created.size()));
    }

    @Test
    void endsLastPageWithoutCursor() {
        long id = createUser();

        json().queryParam("after", id - 1)
                .queryParam("limit", 100)
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("next", nullValue());
    }

    @Test
    void answersCreateWithRelativeLocationOfTheNewUser() {
        String location = json().body(userJson(uniqueEmail(), NAME))
                .post("/api/users")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");

        assertTrue(location.startsWith("/api/users/"), location);
        json().get(location).then().statusCode(200);
    }

    static String userJson(String email, String name) {
        return "{\"email\":\"%s\",\"name\":\"%s\"}".formatted(email, name);
    }
}
