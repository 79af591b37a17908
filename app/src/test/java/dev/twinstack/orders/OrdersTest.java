package dev.twinstack.orders;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrdersTest extends OrdersSpec {}
