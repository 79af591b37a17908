package dev.twinstack.k8s;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.function.Predicate;

/** The shared test PostgreSQL for tests that run the packaged server themselves, outside Quarkus's test launcher. */
final class TestDatabases {

    private TestDatabases() {}

    /** A running database with the service's schema, migrated by the packaged server's own migrate mode. */
    static Started startMigrated() {
        PostgresResource resource = new PostgresResource();
        resource.start();
        TestDatabase[] holder = new TestDatabase[1];
        resource.inject(new TestInjector() {
            @Override
            public void injectIntoFields(Object value, Predicate<Field> predicate) {
                holder[0] = (TestDatabase) value;
            }
        });
        PackagedServer.migrate(holder[0]);
        return new Started(resource, holder[0]);
    }

    record Started(PostgresResource resource, TestDatabase db) implements AutoCloseable {
        @Override
        public void close() {
            resource.stop();
        }
    }
}
