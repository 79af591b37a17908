package dev.twinstack.orders;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The shared specification, run against the packaged server (target/quarkus-app) in production mode. */
@QuarkusIntegrationTest
class ServerOrdersIT extends OrdersSpec {}
