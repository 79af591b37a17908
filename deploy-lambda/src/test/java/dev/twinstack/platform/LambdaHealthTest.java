package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;

/** Health through the Lambda event path. */
@QuarkusTest
class LambdaHealthTest extends HealthSpec {}
