package dev.twinstack.users;

import io.quarkus.test.junit.QuarkusTest;

/** The users spec through the Lambda event path (RestAssured → mock event server → HTTP API 2.0 event → handler). */
@QuarkusTest
class LambdaUsersTest extends UsersSpec {}
