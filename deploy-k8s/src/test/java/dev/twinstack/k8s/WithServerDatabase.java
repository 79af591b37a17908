package dev.twinstack.k8s;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the test database for every Quarkus test of this module (Quarkus finds resources in our own classes). */
@QuarkusTestResource(ServerDatabase.class)
public final class WithServerDatabase {

    private WithServerDatabase() {}
}
