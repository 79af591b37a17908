package dev.twinstack.toolkit;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.Priorities;
import io.smallrye.config.RelocateConfigSourceInterceptor;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.smallrye.config.common.utils.StringUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The configuration a Quarkus deployable runs with, resolved by SmallRye Config under the rules Quarkus applies:
 *
 * <ul>
 *   <li>every {@code application.properties} on the deployable's class path, at its {@code config_ordinal} (250 when
 *       the file sets none), so which value wins never depends on class-path order;
 *   <li>the active profiles ({@code quarkus.profile}, {@code prod} unless set): {@code %prod.key} wins over {@code key}
 *       of the same ordinal, and a higher ordinal wins over both;
 *   <li>environment variables at ordinal 300, with Quarkus's name mapping ({@code QUARKUS_DATASOURCE_JDBC_MAX_SIZE}
 *       sets {@code quarkus.datasource.jdbc.max-size}, {@code _PROD_...} its {@code %prod} form);
 *   <li>system properties ({@code -Dkey=value}) at ordinal 400;
 *   <li>{@code ${...}} expressions.
 * </ul>
 *
 * The environment and the system properties are the ones given here (a pod's, a function's, a command line's), never
 * this process's own. Read from a built artifact ({@link #ofArtifact}), a module's class path ({@link #ofClassPath}) or
 * a class loader ({@link #ofClassLoader}). Files in the working directory that Quarkus also reads ({@code .env},
 * {@code config/application.properties}) are not part of a deployable and are not read.
 */
public final class EffectiveConfig {

    /** The property that names the active profiles (comma-separated). */
    public static final String PROFILE = "quarkus.profile";
    /** The profile of a packaged application when nothing sets {@link #PROFILE}. */
    public static final String PROD = "prod";

    static final int APPLICATION_PROPERTIES_ORDINAL = 250;
    static final int ENVIRONMENT_ORDINAL = 300;
    static final int SYSTEM_PROPERTIES_ORDINAL = 400;
    static final String ENVIRONMENT = "environment";
    static final String SYSTEM_PROPERTIES = "system properties";

    private static final String FILE = "application.properties";
    /** Quarkus's own profile property is SmallRye's, relocated (as Quarkus's config builder does). */
    private static final String SMALLRYE_PROFILE = "smallrye.config.profile";

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|[smhd])?", Pattern.CASE_INSENSITIVE);

    /** One {@code application.properties}: where it was found, and its content. */
    private record File(String location, Map<String, String> properties) {}

    /** A value and the source it came from: a file's location, {@code environment} or {@code system properties}. */
    public record Setting(String name, String value, String source, int ordinal) {}

    private final List<File> files;
    private final String defaultProfile;
    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;
    private final SmallRyeConfig config;

    private EffectiveConfig(
            List<File> files,
            String defaultProfile,
            Map<String, String> environment,
            Map<String, String> systemProperties) {
        this.files = List.copyOf(files);
        this.defaultProfile = defaultProfile;
        this.environment = Map.copyOf(environment);
        this.systemProperties = Map.copyOf(systemProperties);
        this.config = build();
    }

    /**
     * A built artifact as it is unpacked: an unpacked function.zip (the function's own file at its root, app's in a
     * jar under {@code lib/}) or the server build's {@code quarkus-app} directory (files inside the jars under
     * {@code app/}, {@code lib/main/}, {@code quarkus/}). Jars under {@code lib/deployment} (dev mode only) are not on
     * the run-time class path and are left out.
     */
    public static EffectiveConfig ofArtifact(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory: unpack the artifact first");
        }
        List<File> found = new ArrayList<>();
        readFile(dir.resolve(FILE), dir.relativize(dir.resolve(FILE)).toString())
                .ifPresent(found::add);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path jar : paths.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !dir.relativize(p).startsWith(Path.of("lib", "deployment")))
                    .sorted()
                    .toList()) {
                readJar(jar, dir.relativize(jar) + "!/" + FILE).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return of(found, dir.toString());
    }

    /** Class-path entries in their order: a directory holds {@code application.properties} at its top, a jar at its root. */
    public static EffectiveConfig ofClassPath(List<Path> entries) {
        List<File> found = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                readFile(entry.resolve(FILE), entry.resolve(FILE).toString()).ifPresent(found::add);
            } else if (Files.isRegularFile(entry)) {
                readJar(entry, entry + "!/" + FILE).ifPresent(found::add);
            } else {
                throw new IllegalArgumentException("no such class-path entry: " + entry);
            }
        }
        return of(found, entries.toString());
    }

    /** Every {@code application.properties} the class loader sees, as a running application would read them. */
    public static EffectiveConfig ofClassLoader(ClassLoader loader) {
        List<File> found = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(FILE))) {
                try (InputStream in = url.openStream()) {
                    found.add(new File(url.toString(), load(in)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path's " + FILE, e);
        }
        return of(found, "the class path");
    }

    private static EffectiveConfig of(List<File> found, String where) {
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no " + FILE + " in " + where);
        }
        return new EffectiveConfig(found, PROD, Map.of(), Map.of());
    }

    /**
     * The profile when neither the environment nor the system properties set {@code quarkus.profile}: {@code prod} by
     * default, as for a packaged application; {@code test} for a {@code @QuarkusTest}'s view.
     */
    public EffectiveConfig withProfile(String profile) {
        return new EffectiveConfig(files, profile, environment, systemProperties);
    }

    /** The process environment it runs with (a pod's env and ConfigMaps, a function's variables), at ordinal 300. */
    public EffectiveConfig withEnvironment(Map<String, String> variables) {
        return new EffectiveConfig(files, defaultProfile, variables, systemProperties);
    }

    /** The {@code -D} options it runs with, at ordinal 400. */
    public EffectiveConfig withSystemProperties(Map<String, String> properties) {
        return new EffectiveConfig(files, defaultProfile, environment, properties);
    }

    /** The active profiles, highest priority first. */
    public List<String> profiles() {
        return config.getProfiles();
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(setting(name)).map(Setting::value);
    }

    /** The value, or an error that says the deployable does not set it. */
    public String require(String name) {
        return value(name)
                .orElseThrow(() -> new NoSuchElementException(
                        name + " is not set for profile " + profiles() + " in " + locations()));
    }

    public int intValue(String name) {
        String value = require(name);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is '" + value + "', not a whole number", e);
        }
    }

    /**
     * A duration as Quarkus reads it: a bare number is seconds; a number with {@code ms}, {@code s}, {@code m},
     * {@code h} or {@code d} (any case) is that unit; anything else is ISO-8601, with {@code PT} implied when it starts
     * with a digit ({@code 1H30M}).
     */
    public Duration duration(String name) {
        return parseDuration(name, require(name));
    }

    static Duration parseDuration(String name, String text) {
        String value = text.trim();
        Matcher simple = SIMPLE_DURATION.matcher(value);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                String unit = simple.group(2) == null ? "s" : simple.group(2).toLowerCase(Locale.ROOT);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(!value.isEmpty() && Character.isDigit(value.charAt(0)) ? "PT" + value : value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is '" + text + "', not a duration", e);
        }
    }

    /** The winning value with its source, or null when nothing sets it. */
    public Setting setting(String name) {
        ConfigValue value = config.getConfigValue(name);
        if (value.getValue() == null) {
            return null;
        }
        return new Setting(name, value.getValue(), value.getConfigSourceName(), value.getConfigSourceOrdinal());
    }

    /**
     * Every source that sets the property for the active profiles, the winner first: the files, the environment and
     * the system properties, each with its ordinal. Shows whether a value wins by ordinal or only by class-path order.
     * Values are as written, before {@code ${...}} expansion.
     */
    public List<Setting> definitions(String name) {
        List<String> keys = new ArrayList<>();
        profiles().forEach(p -> keys.add("%" + p + "." + name));
        keys.add(name);
        List<Setting> found = new ArrayList<>();
        for (ConfigSource source : config.getConfigSources()) {
            for (String key : keys) {
                String value = source.getValue(key);
                if (value != null) {
                    found.add(new Setting(name, value, source.getName(), source.getOrdinal()));
                    break;
                }
            }
        }
        return found;
    }

    /** The environment variable Quarkus maps to a property: {@code quarkus.shutdown.delay} is QUARKUS_SHUTDOWN_DELAY. */
    public static String environmentName(String property) {
        return StringUtil.replaceNonAlphanumericByUnderscores(property).toUpperCase(Locale.ROOT);
    }

    /** Where the files were found, in the order they were read. */
    public List<String> locations() {
        return files.stream().map(File::location).toList();
    }

    private SmallRyeConfig build() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptorFactories(new ConfigSourceInterceptorFactory() {
                    @Override
                    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
                        return new RelocateConfigSourceInterceptor(
                                name -> SMALLRYE_PROFILE.equals(name) ? PROFILE : name);
                    }

                    /** Below the profile interceptor (3200), so the profile it reads is already relocated. */
                    @Override
                    public OptionalInt getPriority() {
                        return OptionalInt.of(Priorities.LIBRARY + 190);
                    }
                })
                .withDefaultValue(PROFILE, defaultProfile);
        for (File file : files) {
            builder.withSources(named(file.location(), APPLICATION_PROPERTIES_ORDINAL, file.properties()));
        }
        builder.withSources(new EnvConfigSource(environment, ENVIRONMENT_ORDINAL) {
            @Override
            public String getName() {
                return ENVIRONMENT;
            }
        });
        builder.withSources(named(SYSTEM_PROPERTIES, SYSTEM_PROPERTIES_ORDINAL, systemProperties));
        return builder.build();
    }

    /** A properties source reported by its location alone; a file's own config_ordinal overrides the default. */
    private static ConfigSource named(String name, int defaultOrdinal, Map<String, String> properties) {
        return new MapBackedConfigSource(name, properties, defaultOrdinal) {};
    }

    private static Optional<File> readFile(Path file, String location) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new File(location, load(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<File> readJar(Path jar, String location) {
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry(FILE);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = file.getInputStream(entry)) {
                return Optional.of(new File(location, load(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private static Map<String, String> load(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
