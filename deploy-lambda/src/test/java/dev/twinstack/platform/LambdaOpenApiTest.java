package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document as the function serves it, against what the specs observe through the Lambda event path. */
@QuarkusTest
class LambdaOpenApiTest extends OpenApiSpec {}
