package dev.twinstack.report;

import dev.twinstack.results.Cost;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** How numbers appear on the page and in report.md: always with their unit, never as a bare number. */
final class Format {

    static final String NOT_MEASURED = "not measured in this run";

    private Format() {}

    static String ms(double value) {
        return Math.abs(value) >= 10 || value == Math.rint(value)
                ? String.format(Locale.US, "%,.0f ms", value)
                : String.format(Locale.US, "%.1f ms", value);
    }

    /** A number of ms without its unit, where a list of them ends with one that carries it. */
    static String number(double value) {
        return ms(value).replace(" ms", "");
    }

    static String ms(OptionalDouble value) {
        return value.isPresent() ? ms(value.getAsDouble()) : NOT_MEASURED;
    }

    static String count(long value, String unit) {
        return String.format(Locale.US, "%,d %s", value, value == 1 ? singular(unit) : unit);
    }

    static String count(Optional<? extends Number> value, String unit) {
        return value.map(v -> count(v.longValue(), unit)).orElse(NOT_MEASURED);
    }

    static String percent(double ratio) {
        return String.format(Locale.US, "%.2f %%", ratio * 100);
    }

    static String rate(double perSecond) {
        return String.format(Locale.US, "%,.1f requests/s", perSecond);
    }

    static String usd(double value) {
        return String.format(Locale.US, "$%,.2f", value);
    }

    static String requestsPerMonth(long value) {
        return String.format(Locale.US, "%,d requests/month", value);
    }

    /** Where the targets' monthly costs cross, in a sentence. */
    static String crossover(Cost cost) {
        return cost.crossoverRequestsPerMonth()
                .map(v -> "The targets' costs cross at about " + requestsPerMonth(v) + ".")
                .orElse("The targets' costs do not cross within the volumes shown.");
    }

    private static String singular(String unit) {
        return switch (unit) {
            case "connections" -> "connection";
            case "requests" -> "request";
            case "errors" -> "error";
            case "cold starts" -> "cold start";
            case "environments" -> "environment";
            case "throttles" -> "throttle";
            case "invocations" -> "invocation";
            case "restores" -> "restore";
            case "on-demand inits" -> "on-demand init";
            case "copies" -> "copy";
            case "writes" -> "write";
            case "bodies" -> "body";
            case "replicas" -> "replica";
            case "restarts" -> "restart";
            case "pods" -> "pod";
            case "samples" -> "sample";
            default -> unit;
        };
    }
}
