package dev.twinstack.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(GatewayHeadersProfile.class)
class GatewayHeadersTest extends GatewayHeadersSpec {}
