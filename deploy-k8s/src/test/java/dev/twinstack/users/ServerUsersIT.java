package dev.twinstack.users;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The shared specification, run against the packaged server (target/quarkus-app) in production mode. */
@QuarkusIntegrationTest
class ServerUsersIT extends UsersSpec {}
