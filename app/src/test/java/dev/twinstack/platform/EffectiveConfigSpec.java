package dev.twinstack.platform;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
