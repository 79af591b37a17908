package dev.twinstack.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Auth mode gateway behind a gateway that maps claims to identity headers (the Kubernetes side of the hybrid). */
public class GatewayHeadersProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("twinstack.auth.mode", "gateway", "twinstack.auth.trust-identity-headers", "true");
    }
}
