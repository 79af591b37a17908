package dev.twinstack.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * RS256 tokens for the auth mode tests: a key pair generated in the build directory on first use (never committed) and
 * shared by every class loader of the run, plus a second, unrelated key that signs the forgeries.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.twinstack.test";
    public static final String AUDIENCE = "twinstack-api";
    public static final String ADMIN_SCOPE = "users:admin";

    private static final Path DIR = Path.of("target", "test-tokens");
    private static final Path PAIR = DIR.resolve("pair");
    private static final Path PUBLIC = PAIR.resolve("public.pem");
    private static final Path PRIVATE = PAIR.resolve("private.pem");

    private TestTokens() {}

    /** The PEM file mp.jwt.verify.publickey.location names; the key pair is made on first use. */
    public static synchronized Path publicKey() {
        if (!Files.exists(PUBLIC)) {
            generate();
        }
        return PUBLIC.toAbsolutePath();
    }

    public static String token(String subject, String scope) {
        Instant now = Instant.now();
        return sign(subject, scope, now, now.plusSeconds(300), signingKey());
    }

    /** Expired an hour ago: beyond any clock skew a verifier allows. */
    public static String expired(String subject) {
        Instant now = Instant.now();
        return sign(subject, null, now.minusSeconds(7200), now.minusSeconds(3600), signingKey());
    }

    /** Right in every claim, signed by a key the service does not know. */
    public static String signedByAnotherKey(String subject) {
        Instant now = Instant.now();
        return sign(subject, null, now, now.plusSeconds(300), newKeyPair().getPrivate());
    }

    private static String sign(String subject, String scope, Instant issued, Instant expires, PrivateKey key) {
        var claims = Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issuedAt(issued)
                .expiresAt(expires);
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return claims.jws()
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(key);
    }

    private static PrivateKey signingKey() {
        publicKey();
        try {
            String pem = Files.readString(PRIVATE, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Written to a folder of its own and renamed into place, so a concurrent first use sees a whole pair or none. */
    private static void generate() {
        KeyPair pair = newKeyPair();
        try {
            Files.createDirectories(DIR);
            Path folder = Files.createTempDirectory(DIR, "pair");
            Files.writeString(
                    folder.resolve(PRIVATE.getFileName()),
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(
                    folder.resolve(PUBLIC.getFileName()),
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            try {
                Files.move(folder, PAIR, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.exists(PUBLIC)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
