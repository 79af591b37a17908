package dev.twinstack.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Auth mode jwt through the Lambda event path (a function behind no authorizer, e.g. a Function URL). */
@QuarkusTest
@TestProfile(JwtAuthProfile.class)
class LambdaJwtAuthTest extends JwtAuthSpec {}
