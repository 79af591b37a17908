package dev.twinstack.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers the test database for every test of a module. Each module that runs the specs declares one subclass-free
 * holder like this (Quarkus looks for test resources in the module's own test classes).
 */
@QuarkusTestResource(PostgresResource.class)
public final class WithPostgres {

    private WithPostgres() {}
}
