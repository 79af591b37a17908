package dev.twinstack.loadtest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each seeded user's bearer token, as its client would hold one: either minted here from a signing key the run is given
 * (the lab, or any deployment whose issuer trusts that key), so the load generator pays for minting as real clients
 * pay their IdP, once per user and again shortly before it expires; or read from a file of tokens an IdP issued (one
 * line per subject: {@code <sub> <token>}), for deployments whose issuer is not ours to sign for.
 *
 * <p>Finding a user by email is user management (scope {@code users:admin}, docs/security.md): the flow looks its user
 * up with the token of {@value #ADMIN_SUBJECT}, which holds that scope (minted with it, or that subject's line of the
 * file), and acts as the user with the user's own token, which holds none.
 */
final class BearerTokens {

    /** The subject of the token the flow finds its user with; minted with the scope {@value #ADMIN_SCOPE}. */
    static final String ADMIN_SUBJECT = "load-admin";

    static final String ADMIN_SCOPE = "users:admin";

    /** A cached token is minted again when less than this is left of it. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private final Function<String, String> source;

    private BearerTokens(Function<String, String> source) {
        this.source = source;
    }

    /** The run's tokens, or none when no auth setting is given (no Authorization header then). */
    static Optional<BearerTokens> from(RunSettings.Auth auth) {
        if (auth.tokens().isPresent()) {
            // A Secret mounted as optional leaves the file out: a target without auth.
            Path file = Path.of(auth.tokens().get());
            return Files.exists(file) ? Optional.of(fromFile(file)) : Optional.empty();
        }
        return auth.tokenKey()
                .map(key -> minting(
                        signingKey(Path.of(key)),
                        auth.tokenIssuer(),
                        auth.tokenAudience(),
                        Duration.ofSeconds(auth.tokenTtlSeconds()),
                        Clock.systemUTC()));
    }

    /** The token of the user whose {@code users.subject} is {@code subject}. */
    String forSubject(String subject) {
        return source.apply(subject);
    }

    /** The token that finds users by email (scope {@value #ADMIN_SCOPE}). */
    String admin() {
        return source.apply(ADMIN_SUBJECT);
    }

    static BearerTokens minting(RSAKey key, String issuer, String audience, Duration ttl, Clock clock) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("the token key must be a private RSA key");
        }
        RSASSASigner signer;
        try {
            signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token key: " + e.getMessage(), e);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
        Map<String, Minted> cache = new ConcurrentHashMap<>();
        return new BearerTokens(subject -> cache.compute(subject, (sub, minted) -> {
                    Instant now = clock.instant();
                    if (minted != null && minted.expires().minus(RENEW_BEFORE).isAfter(now)) {
                        return minted;
                    }
                    Instant expires = now.plus(ttl);
                    JWTClaimsSet claims = new JWTClaimsSet.Builder()
                            .issuer(issuer)
                            .audience(audience)
                            .subject(sub)
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(expires))
                            .jwtID(UUID.randomUUID().toString())
                            .claim("scope", ADMIN_SUBJECT.equals(sub) ? ADMIN_SCOPE : null)
                            .build();
                    SignedJWT jwt = new SignedJWT(header, claims);
                    try {
                        jwt.sign(signer);
                    } catch (JOSEException e) {
                        throw new IllegalStateException("cannot sign a token for " + sub, e);
                    }
                    return new Minted(jwt.serialize(), expires);
                })
                .token());
    }

    static BearerTokens fromFile(Path file) {
        Map<String, String> tokens = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                if (fields.length != 2) {
                    throw new IllegalArgumentException(file + ": expected '<sub> <token>' per line");
                }
                tokens.put(fields[0], fields[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file, e);
        }
        return new BearerTokens(subject -> {
            String token = tokens.get(subject);
            if (token == null) {
                throw new IllegalStateException(file + " holds no token for " + subject);
            }
            return token;
        });
    }

    /** A private RSA key: a JWK (a {@code kid} in it goes into each token's header), or a PKCS#8 PEM file. */
    static RSAKey signingKey(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token key " + file, e);
        }
        try {
            if (text.startsWith("{")) {
                return JWK.parse(text).toRSAKey();
            }
            String base64 =
                    text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            var crt = (RSAPrivateCrtKey) key;
            var publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new RSAKey.Builder(publicKey).privateKey(key).build();
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(
                    file + " is neither a private RSA JWK nor a PKCS#8 PEM private key: " + e.getMessage(), e);
        }
    }

    private record Minted(String token, Instant expires) {}
}
