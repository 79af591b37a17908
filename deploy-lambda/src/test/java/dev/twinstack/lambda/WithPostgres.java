package dev.twinstack.lambda;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the shared real PostgreSQL, migrated before the function starts, for every @QuarkusTest of this module. */
@QuarkusTestResource(MigratedPostgres.class)
public final class WithPostgres {

    private WithPostgres() {}
}
