package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With a JWT authorizer the front answers as the template's HTTP API does: 401 {@code {"message":"Unauthorized"}}
 * itself for a missing, expired or wrongly signed token, and the verified claims in the event otherwise.
 */
class JwtAuthorizerFrontTest {

    private static final String ISSUER = "https://issuer.test/";
    private static final String AUDIENCE = "twinstack-api";
    private static final String SUBJECT = "seed-000007";
    private static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";

    private static final List<String> LOG = TestFunction.newLog();
    private static RSAKey issuerKey;
    private static LocalLambda lambda;

    @BeforeAll
    static void startWithTheIssuersPublicKey() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("issuer").generate();
        Path keys = Files.createTempFile("issuer", ".jwk");
        Files.writeString(keys, issuerKey.toPublicJWK().toJSONString());
        lambda = LocalLambda.start(TestFunction.config(LOG)
                .reservedConcurrency(1)
                .authorizer(JwtAuthorizer.of(ISSUER, AUDIENCE, keys))
                .build());
        Files.delete(keys);
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    @Test
    void answers401WithoutAToken() {
        var response = send(null);

        assertEquals(401, response.statusCode());
        assertEquals(UNAUTHORIZED, response.body());
    }

    @Test
    void answers401ForAnExpiredToken() throws Exception {
        var response = send(token(issuerKey, ISSUER, AUDIENCE, Instant.now().minus(Duration.ofMinutes(10))));

        assertEquals(401, response.statusCode());
        assertEquals(UNAUTHORIZED, response.body());
    }

    @Test
    void answers401ForATokenSignedWithAnotherKey() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("issuer").generate();

        var response = send(token(stranger, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(5))));

        assertEquals(401, response.statusCode());
        assertEquals(UNAUTHORIZED, response.body());
    }

    @Test
    void answers401ForAnotherAudience() throws Exception {
        var response =
                send(token(issuerKey, ISSUER, "someone-else", Instant.now().plus(Duration.ofMinutes(5))));

        assertEquals(401, response.statusCode());
    }

    @Test
    void putsAValidTokensClaimsAndScopesIntoTheEvent() throws Exception {
        var response = send(token(issuerKey, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(5))));

        assertEquals(200, response.statusCode(), response.body());
        String event = response.body();
        assertTrue(event.contains("\"authorizer\":{\"jwt\":{\"claims\":{"), event);
        assertTrue(event.contains("\"sub\":\"" + SUBJECT + "\""), event);
        assertTrue(event.contains("\"iss\":\"" + ISSUER + "\""), event);
        assertTrue(event.contains("\"scope\":\"orders:write users:admin\""), event);
        assertTrue(event.contains("\"scopes\":[\"orders:write\",\"users:admin\"]"), event);
    }

    private static HttpResponse<String> send(String token) {
        var request = HttpRequest.newBuilder(TestFunction.uri(lambda, "api/orders"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return TestFunction.send(lambda, request.GET());
    }

    private static String token(RSAKey key, String issuer, String audience, Instant expires) throws JOSEException {
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .audience(audience)
                        .subject(SUBJECT)
                        .claim("scope", "orders:write users:admin")
                        .issueTime(Date.from(expires.minus(Duration.ofMinutes(15))))
                        .expirationTime(Date.from(expires))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
