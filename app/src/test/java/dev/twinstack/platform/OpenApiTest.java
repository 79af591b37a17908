package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiTest extends OpenApiSpec {}
