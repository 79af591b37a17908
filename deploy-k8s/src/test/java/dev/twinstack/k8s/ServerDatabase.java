package dev.twinstack.k8s;

import dev.twinstack.testing.PostgresResource;
import dev.twinstack.testing.TestDatabase;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The test PostgreSQL for this module's Quarkus tests. Against the packaged server ({@code *IT}, run by failsafe,
 * which sets {@code twinstack-packaged-server}), the schema is first created by the server's own migrate mode, as the
 * migration Job does before a rollout, and the server then runs with its production profile, which never migrates.
 */
public class ServerDatabase extends PostgresResource {

    private TestDatabase db;

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(super.start());
        if (Boolean.getBoolean("twinstack-packaged-server")) {
            super.inject(new TestInjector() {
                @Override
                public void injectIntoFields(Object value, Predicate<Field> predicate) {
                    db = (TestDatabase) value;
                }
            });
            PackagedServer.migrate(db);
            settings.put("quarkus.otel.sdk.disabled", "true");
        }
        return settings;
    }
}
