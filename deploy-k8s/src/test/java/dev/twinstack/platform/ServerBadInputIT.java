package dev.twinstack.platform;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The shared specification, run against the packaged server (target/quarkus-app) in production mode. */
@QuarkusIntegrationTest
class ServerBadInputIT extends BadInputSpec {}
