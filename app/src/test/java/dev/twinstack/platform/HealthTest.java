package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest extends HealthSpec {}
