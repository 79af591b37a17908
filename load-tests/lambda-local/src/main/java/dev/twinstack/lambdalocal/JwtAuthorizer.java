package dev.twinstack.lambdalocal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the template's HTTP API JWT authorizer does before the function sees a request: the bearer token in the
 * {@code Authorization} header is verified (RS256 against the issuer's keys, issuer, audience, expiry); a request
 * without a valid one is answered 401 by the front itself; a valid one's claims go into the event's
 * {@code requestContext.authorizer.jwt} ({@code claims}, and {@code scopes} from the {@code scope} claim), as HTTP API
 * puts them there (<a
 * href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html">HTTP API JWT
 * authorizers</a>).
 */
public final class JwtAuthorizer {

    static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";

    private final String issuer;
    private final String audience;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private JwtAuthorizer(String issuer, String audience, JWKSet keys) {
        this.issuer = issuer;
        this.audience = audience;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
    }

    /** An authorizer trusting the public keys in {@code keys}: a JWKS, a single JWK, or a PEM public key. */
    public static JwtAuthorizer of(String issuer, String audience, Path keys) {
        String text;
        try {
            text = Files.readString(keys).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the authorizer's keys " + keys, e);
        }
        try {
            JWKSet set;
            if (text.startsWith("{")) {
                set = text.contains("\"keys\"") ? JWKSet.parse(text) : new JWKSet(JWK.parse(text));
            } else {
                String base64 =
                        text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
                var key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(
                                new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
                set = new JWKSet(new RSAKey.Builder(key).build());
            }
            return new JwtAuthorizer(issuer, audience, set.toPublicJWKSet());
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(keys + " holds no usable public key: " + e.getMessage(), e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** The token's claims as HTTP API hands them on, or empty when the request is to be answered 401. */
    Optional<Claims> authorize(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String token = authorization.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
        var flat = new LinkedHashMap<String, String>();
        claims.getClaims().forEach((name, value) -> flat.put(name, claimText(value)));
        List<String> scopes = Optional.ofNullable(flat.get("scope"))
                .map(scope -> Arrays.stream(scope.split(" "))
                        .filter(s -> !s.isBlank())
                        .toList())
                .filter(list -> !list.isEmpty())
                .orElse(null);
        return Optional.of(new Claims(flat, scopes));
    }

    /** HTTP API passes every claim as a string: numbers and dates as seconds, lists as {@code [a b]}. */
    private static String claimText(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.getTime() / 1000);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** A verified token's claims and scopes, as the event carries them. */
    record Claims(Map<String, String> claims, List<String> scopes) {}
}
