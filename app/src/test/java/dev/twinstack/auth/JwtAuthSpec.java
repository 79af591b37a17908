package dev.twinstack.auth;

import static dev.twinstack.testing.Api.json;
import static org.hamcrest.Matchers.equalTo;

import dev.twinstack.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Auth mode {@code jwt} ({@link JwtAuthProfile}): the service verifies bearer tokens itself and answers 401
 * problem+json with a Bearer challenge. Identity headers are not trusted in this mode.
 */
public abstract class JwtAuthSpec extends AuthSpec {

    @Override
    protected RequestSpecification as(String subject, String scope) {
        return json().auth().oauth2(TestTokens.token(subject, scope));
    }

    @Test
    void refusesAnExpiredToken() {
        String caller = newSubject();

        json().auth()
                .oauth2(TestTokens.expired(caller))
                .get("/api/orders")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @Test
    void refusesATokenSignedByAnotherKey() {
        json().auth()
                .oauth2(TestTokens.signedByAnotherKey(newSubject()))
                .get("/api/orders")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void refusesAnIdentityHeaderItDoesNotTrust() {
        String caller = newSubject();
        String victim = newSubject();
        userFor(caller);
        userFor(victim);

        as(caller)
                .header("X-Twinstack-Subject", victim)
                .get("/api/orders")
                .then()
                .statusCode(401)
                .contentType(PROBLEM);
    }
}
