package dev.twinstack.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokensTest {

    private static final String ISSUER = "https://issuer.test/";
    private static final String AUDIENCE = "twinstack-api";
    private static final String SUBJECT = "seed-000042";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void mintsAnRs256TokenForTheSubjectThatVerifiesAgainstThePublicKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("run-key").generate();
        Path jwk = Files.writeString(dir.resolve("key.jwk"), key.toJSONString());

        String token = BearerTokens.minting(
                        BearerTokens.signingKey(jwk), ISSUER, AUDIENCE, TTL, Clock.fixed(NOW, ZoneOffset.UTC))
                .forSubject(SUBJECT);

        SignedJWT jwt = SignedJWT.parse(token);
        assertTrue(jwt.verify(new RSASSAVerifier(key.toRSAPublicKey())), "signature against the public key");
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals("run-key", jwt.getHeader().getKeyID());
        var claims = jwt.getJWTClaimsSet();
        assertEquals(SUBJECT, claims.getSubject());
        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(List.of(AUDIENCE), claims.getAudience());
        assertEquals(NOW.plus(TTL), claims.getExpirationTime().toInstant());
        assertNull(claims.getClaim("scope"), "a seeded user manages no users");
    }

    @Test
    void mintsTheUserLookupTokenWithTheAdminScope() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();

        String token = BearerTokens.minting(key, ISSUER, AUDIENCE, TTL, Clock.systemUTC())
                .admin();

        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals(BearerTokens.ADMIN_SUBJECT, claims.getSubject());
        assertEquals("users:admin", claims.getStringClaim("scope"));
    }

    @Test
    void readsAPkcs8PemKeyToo() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.toPrivateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = Files.writeString(dir.resolve("key.pem"), pem);

        String token = BearerTokens.minting(BearerTokens.signingKey(file), ISSUER, AUDIENCE, TTL, Clock.systemUTC())
                .forSubject(SUBJECT);

        assertTrue(SignedJWT.parse(token).verify(new RSASSAVerifier(key.toRSAPublicKey())));
    }

    @Test
    void mintsOncePerUserUntilTheTokenIsAboutToExpire() throws Exception {
        var clock = new MutableClock(NOW);
        var tokens = BearerTokens.minting(new RSAKeyGenerator(2048).generate(), ISSUER, AUDIENCE, TTL, clock);

        String first = tokens.forSubject(SUBJECT);
        clock.now = NOW.plus(Duration.ofMinutes(4));
        String cached = tokens.forSubject(SUBJECT);
        clock.now = NOW.plus(TTL).minusSeconds(10);
        String renewed = tokens.forSubject(SUBJECT);

        assertEquals(first, cached);
        assertNotEquals(first, renewed);
        assertNotEquals(first, tokens.forSubject("seed-000043"));
    }

    @Test
    void readsPreIssuedTokensPerSubject() throws Exception {
        Path file = Files.writeString(
                dir.resolve("tokens"), "# issued by the IdP\nseed-000001 aaa.bbb.ccc\n\nseed-000002 ddd.eee.fff\n");

        var tokens = BearerTokens.fromFile(file);

        assertEquals("aaa.bbb.ccc", tokens.forSubject("seed-000001"));
        assertEquals("ddd.eee.fff", tokens.forSubject("seed-000002"));
    }

    @Test
    void sendsNoTokenWhenTheTokensFileIsAbsent() {
        var absent = new RunSettings.Auth(
                Optional.empty(),
                ISSUER,
                AUDIENCE,
                900,
                Optional.of(dir.resolve("none").toString()));

        assertFalse(BearerTokens.from(absent).isPresent());
    }

    @Test
    void sendsNoTokenWithoutAuthSettings() {
        var none = new RunSettings.Auth(Optional.empty(), ISSUER, AUDIENCE, 900, Optional.empty());

        assertFalse(BearerTokens.from(none).isPresent());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
