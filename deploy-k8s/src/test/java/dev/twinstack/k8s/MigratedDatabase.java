package dev.twinstack.k8s;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared test PostgreSQL for a test class that runs the packaged server itself, outside Quarkus's test launcher:
 * started before the class, with the schema the server's own migrate mode creates (as the migration Job does), and
 * stopped after it. Register with {@code @RegisterExtension static final MigratedDatabase database = ...}.
 */
final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private PostgresResource resource;
    private TestDatabase db;

    @Override
    public void beforeAll(ExtensionContext context) {
        resource = new PostgresResource();
        resource.start();
        resource.inject(new TestInjector() {
            @Override
            public void injectIntoFields(Object value, Predicate<Field> predicate) {
                db = (TestDatabase) value;
            }
        });
        PackagedServer.migrate(db);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        resource.stop();
    }

    TestDatabase db() {
        return db;
    }
}
