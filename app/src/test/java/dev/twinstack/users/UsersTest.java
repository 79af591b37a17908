package dev.twinstack.users;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UsersTest extends UsersSpec {}
