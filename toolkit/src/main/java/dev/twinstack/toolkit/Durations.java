package dev.twinstack.toolkit;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one way the project's tools write a duration on a command line, in a system property or in a README: a whole
 * number and a unit, {@code 500ms}, {@code 15s}, {@code 5m}, {@code 1h}. Every tool parses and prints it here.
 */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    /** {@code 500ms}, {@code 15s}, {@code 5m} or {@code 1h}; anything else is refused with the syntax in the message. */
    public static Duration parse(String text) {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write a whole number and a unit," + " e.g. 500ms, 15s, 5m, 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The shortest exact form in the same syntax: {@code 90s} stays {@code 90s}, {@code 120s} becomes {@code 2m}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + duration);
        }
        long millis = duration.toMillis();
        if (millis % 1000 != 0 || duration.toNanos() % 1_000_000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return String.format(Locale.ROOT, "%ds", seconds);
    }

    /** Lets picocli options of type {@link Duration} take this syntax: {@code registerConverter(Duration.class, ...)}. */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
