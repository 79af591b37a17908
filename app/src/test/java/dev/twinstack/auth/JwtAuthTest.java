package dev.twinstack.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(JwtAuthProfile.class)
class JwtAuthTest extends JwtAuthSpec {}
