package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WithoutOpenApiSettingsTest {

    private static final Map<String, String> APP_SETTINGS = Map.of(
            "quarkus.smallrye-openapi.auto-add-server", "false",
            "quarkus.swagger-ui.always-include", "false",
            "quarkus.datasource.jdbc.max-size", "1");

    @Test
    void hidesTheOpenApiSettingsFromAFunctionWithoutTheExtension() {
        SmallRyeConfig config = configWith(new WithoutOpenApiSettings(true));

        assertFalse(names(config).contains("quarkus.smallrye-openapi.auto-add-server"));
        assertFalse(names(config).contains("quarkus.swagger-ui.always-include"));
        assertEquals(
                Optional.empty(), config.getOptionalValue("quarkus.smallrye-openapi.auto-add-server", String.class));
        assertEquals("1", config.getValue("quarkus.datasource.jdbc.max-size", String.class));
    }

    @Test
    void hidesNothingWhereTheExtensionIsThere() {
        SmallRyeConfig config = configWith(new WithoutOpenApiSettings());

        assertTrue(names(config).containsAll(APP_SETTINGS.keySet()));
        assertEquals("false", config.getValue("quarkus.smallrye-openapi.auto-add-server", String.class));
    }

    private static SmallRyeConfig configWith(WithoutOpenApiSettings interceptor) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(APP_SETTINGS, "app", 250))
                .withInterceptors(interceptor)
                .build();
    }

    private static Set<String> names(SmallRyeConfig config) {
        Set<String> names = new HashSet<>();
        config.getPropertyNames().forEach(names::add);
        return names;
    }
}
