package dev.twinstack.auth;

import static dev.twinstack.testing.Api.json;

import dev.twinstack.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Auth mode {@code gateway} with trusted identity headers ({@link GatewayHeadersProfile}): the caller is what the
 * gateway wrote into {@code X-Twinstack-Subject} and {@code X-Twinstack-Scope} (it overwrites whatever a client sent).
 * The bearer token the gateway passes on is not verified again: the service has no key for it.
 */
public abstract class GatewayHeadersSpec extends AuthSpec {

    @Override
    protected RequestSpecification as(String subject, String scope) {
        RequestSpecification request = json().header("X-Twinstack-Subject", subject);
        return scope == null ? request : request.header("X-Twinstack-Scope", scope);
    }

    @Test
    void leavesThePassedOnTokenToTheGateway() {
        String caller = newSubject();
        userFor(caller);

        as(caller)
                .auth()
                .oauth2(TestTokens.signedByAnotherKey(caller))
                .get("/api/orders")
                .then()
                .statusCode(200);
    }
}
