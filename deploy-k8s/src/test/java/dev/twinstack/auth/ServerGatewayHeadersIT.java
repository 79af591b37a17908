package dev.twinstack.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** Auth mode gateway with trusted identity headers (components/auth-gateway) on the packaged server. */
@QuarkusIntegrationTest
@TestProfile(GatewayHeadersProfile.class)
class ServerGatewayHeadersIT extends GatewayHeadersSpec {}
