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

    /**
     * A free-text parameter: at most {@code maxLength} characters, none of them a control character (PostgreSQL refuses
     * NUL), a Unicode non-character or half of a surrogate pair. Refused here, it is the caller's fault (400), instead
     * of the database's (500, with an error logged on demand).
     */
    public static String text(String name, String raw, int maxLength) {
        if (raw == null) {
            return null;
        }
        if (raw.length() > maxLength) {
            throw ProblemException.badParameter(name, "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (Character.isISOControl(c) || isNonCharacter(c) || Character.isSurrogate((char) c)) {
                throw ProblemException.badParameter(
                        name, "must not contain control characters, non-characters or unpaired surrogates");
            }
            i += Character.charCount(c);
        }
        return raw;
    }

    private static boolean isNonCharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private static long parseLong(String name, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, "must be an integer");
        }
    }
}
