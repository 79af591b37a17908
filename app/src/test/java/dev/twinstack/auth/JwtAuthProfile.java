package dev.twinstack.auth;

import dev.twinstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Auth mode jwt, verifying against the test run's own key ({@link TestTokens}). */
public class JwtAuthProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "twinstack.auth.mode",
                "jwt",
                "mp.jwt.verify.publickey.location",
                TestTokens.publicKey().toString(),
                "mp.jwt.verify.issuer",
                TestTokens.ISSUER,
                "mp.jwt.verify.audiences",
                TestTokens.AUDIENCE);
    }
}
