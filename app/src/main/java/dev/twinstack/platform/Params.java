package dev.twinstack.platform;

/**
 * Parses query parameters by hand: JAX-RS answers a conversion failure of a query parameter with 404, and we want a
 * 400 that names the parameter.
 */
public final class Params {

    private Params() {}

    public static int limit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null) {
            return defaultLimit;
        }
        long value = parseLong("limit", raw);
        if (value < 1 || value > maxLimit) {
            throw ProblemException.badParameter("limit", "must be between 1 and " + maxLimit);
        }
        return (int) value;
    }

    /** A keyset cursor: the id of the last item of the previous page, or null for the first page. */
    public static Long cursor(String name, String raw) {
        if (raw == null) {
            return null;
        }
        long value = parseLong(name, raw);
        if (value < 1) {
            throw ProblemException.badParameter(name, "must be a positive id");
        }
        return value;
    }

    public static long requiredId(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw ProblemException.badParameter(name, "is required");
        }
        long value = parseLong(name, raw);
        if (value < 1) {
            throw ProblemException.badParameter(name, "must be a positive id");
        }
        return value;
    }

    private static long parseLong(String name, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be an integer");
        }
    }
}
