package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinstack.toolkit.EffectiveConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The config-layering check every deployable reuses: the settings that matter for a target (pool, timeouts,
 * telemetry) have the values that target declares, whatever the classpath order of the configuration files.
 */
public abstract class EffectiveConfigSpec {

    /** Property name → the effective value this target must run with. */
    protected abstract Map<String, String> expectedSettings();

    /**
     * What this module's own application.properties sets, read alone (for the test profile): for a setting written
     * once, there, such as a target's pool size, the expectation is that file's value winning, not a copy of it.
     */
    protected static String declaredByThisModule(String property) {
        return EffectiveConfig.ofClassPath(
                        List.of(Path.of(System.getProperty("twinstack-build-dir", "target"), "classes")))
                .withProfile("test")
                .require(property);
    }

    @Test
    void runsWithTheTargetsSettings() {
        var config = ConfigProvider.getConfig();
        assertAll(expectedSettings().entrySet().stream().map(e -> () -> {
            var value = config.getConfigValue(e.getKey());
            assertEquals(
                    e.getValue(),
                    value.getValue(),
                    () -> e.getKey() + " comes from " + value.getSourceName() + " (ordinal " + value.getSourceOrdinal()
                            + ")");
        }));
    }
}
