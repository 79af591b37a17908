package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;

/** Bad input through the Lambda event path. */
@QuarkusTest
class LambdaBadInputTest extends BadInputSpec {}
