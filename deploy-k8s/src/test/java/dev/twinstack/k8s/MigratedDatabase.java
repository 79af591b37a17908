package dev.twinstack.k8s;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test PostgreSQL for test classes that run the packaged server themselves, outside Quarkus's test launcher,
 * with the schema the server's own migrate mode creates (as the migration Job does). One database serves every such
 * class of the run (each test works on its own users), and stops when the run ends. Register with
 * {@code @RegisterExtension static final MigratedDatabase database = new MigratedDatabase();}.
 */
final class MigratedDatabase implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MigratedDatabase.class);

    private TestDatabase db;

    @Override
    public void beforeAll(ExtensionContext context) {
        db = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class)
                .db();
    }

    TestDatabase db() {
        return db;
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    private record Running(PostgresResource resource, TestDatabase db) implements AutoCloseable {

        static Running start() {
            PostgresResource resource = new PostgresResource();
            resource.start();
            TestDatabase[] started = new TestDatabase[1];
            resource.inject(new TestInjector() {
                @Override
                public void injectIntoFields(Object value, Predicate<Field> predicate) {
                    started[0] = (TestDatabase) value;
                }
            });
            PackagedServer.migrate(started[0]);
            return new Running(resource, started[0]);
        }

        @Override
        public void close() {
            resource.stop();
        }
    }
}
