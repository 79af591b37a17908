package dev.twinstack.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** Auth mode jwt (the prod overlay's) on the packaged server, in production mode. */
@QuarkusIntegrationTest
@TestProfile(JwtAuthProfile.class)
class ServerJwtAuthIT extends JwtAuthSpec {}
