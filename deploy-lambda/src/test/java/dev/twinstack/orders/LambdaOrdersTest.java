package dev.twinstack.orders;

import io.quarkus.test.junit.QuarkusTest;

/** The orders spec through the Lambda event path, with the Lambda pool of one connection. */
@QuarkusTest
class LambdaOrdersTest extends OrdersSpec {}
