package dev.twinstack.lambda;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The function is built without the OpenAPI extension (pom.xml; README, "Memory at 512 MB"), so app's settings for it
 * ({@code quarkus.smallrye-openapi.*}, {@code quarkus.swagger-ui.*}) configure nothing here: they are hidden from the
 * function's configuration instead of being warned about as unrecognised at every start. Where the extension is there
 * (the tests' class path, which keeps it for the specs that read the service's document), nothing is hidden.
 */
@Priority(Priorities.LIBRARY)
public class WithoutOpenApiSettings implements ConfigSourceInterceptor {

    static final List<String> PREFIXES = List.of("quarkus.smallrye-openapi.", "quarkus.swagger-ui.");

    private static final String EXTENSION_CLASS = "io.quarkus.smallrye.openapi.runtime.OpenApiRecorder";

    private final boolean hide;

    public WithoutOpenApiSettings() {
        this(!present(EXTENSION_CLASS));
    }

    WithoutOpenApiSettings(boolean hide) {
        this.hide = hide;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        return hidden(name) ? null : context.proceed(name);
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        List<String> names = new ArrayList<>();
        context.iterateNames().forEachRemaining(name -> {
            if (!hidden(name)) {
                names.add(name);
            }
        });
        return names.iterator();
    }

    private boolean hidden(String name) {
        return hide && PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, WithoutOpenApiSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
