package dev.twinstack.loadtest;

import java.util.Optional;

/**
 * What one run is: read from system properties, or the environment variables in brackets, so the same scenario runs
 * against the lab or a real deployment unchanged.
 *
 * <ul>
 *   <li>{@code baseUrl} (BASE_URL): the API's base URL, e.g. an API Gateway URL or an Ingress host;
 *   <li>{@code profile} (LOAD_PROFILE): smoke, steady, burst, spike or classic;
 *   <li>{@code scale} (LOAD_SCALE): multiplies every rate;
 *   <li>{@code burstGap} (BURST_GAP_SECONDS): idle seconds between bursts;
 *   <li>{@code seededUsers} (SEEDED_USERS): how many seeded users to pick from (migrate mode's TWINSTACK_SEED_USERS);
 *   <li>{@code sloErrorPct}, {@code sloP95Ms}, {@code sloP99Ms}: the assertions that fail the run;
 *   <li>{@code requestLog} (REQUEST_LOG): optional JSON-lines file with one record per request (the lab reads it);
 *   <li>{@code ledger} (LEDGER): optional JSON-lines file with one record per order write, as the client finally knows
 *       it (the lab reconciles it with the database);
 *   <li>{@code holdSeconds} (LOAD_HOLD_SECONDS): how long smoke's or steady's constant phase lasts, when positive
 *       (the lab's drills need more time than the profile's own);
 *   <li>{@code tokenKey} (TOKEN_KEY): a private RSA key (JWK or PKCS#8 PEM file) the load generator mints each seeded
 *       user's bearer token with (sub {@code seed-NNNNNN}, RS256), with {@code tokenIssuer} (TOKEN_ISSUER),
 *       {@code tokenAudience} (TOKEN_AUDIENCE) and {@code tokenTtlSeconds} (TOKEN_TTL_SECONDS, default 900);
 *   <li>{@code tokens} (TOKENS): instead, a file of tokens an IdP issued, one line per subject: {@code <sub> <token>}.
 *       With neither, requests carry no Authorization header.
 * </ul>
 */
public record RunSettings(
        String baseUrl,
        LoadProfile profile,
        double scale,
        int burstGapSeconds,
        int seededUsers,
        double sloErrorPct,
        int sloP95Ms,
        int sloP99Ms,
        Optional<String> requestLog,
        Optional<String> ledger,
        int holdSeconds,
        Auth auth) {

    /** How the flows authenticate; all empty: they do not. */
    public record Auth(
            Optional<String> tokenKey,
            String tokenIssuer,
            String tokenAudience,
            int tokenTtlSeconds,
            Optional<String> tokens) {

        static Auth fromSystem() {
            return new Auth(
                    optional("tokenKey", "TOKEN_KEY"),
                    read("tokenIssuer", "TOKEN_ISSUER", "https://lab.twinstack.local/"),
                    read("tokenAudience", "TOKEN_AUDIENCE", "twinstack-api"),
                    Integer.parseInt(read("tokenTtlSeconds", "TOKEN_TTL_SECONDS", "900")),
                    optional("tokens", "TOKENS"));
        }
    }

    public static RunSettings fromSystem() {
        return new RunSettings(
                stripSlash(read("baseUrl", "BASE_URL", "http://localhost:8080")),
                LoadProfile.named(read("profile", "LOAD_PROFILE", "smoke")),
                Double.parseDouble(read("scale", "LOAD_SCALE", "1")),
                Integer.parseInt(read("burstGap", "BURST_GAP_SECONDS", "45")),
                Integer.parseInt(read("seededUsers", "SEEDED_USERS", "10000")),
                Double.parseDouble(read("sloErrorPct", "SLO_ERROR_PCT", "1")),
                Integer.parseInt(read("sloP95Ms", "SLO_P95_MS", "1000")),
                Integer.parseInt(read("sloP99Ms", "SLO_P99_MS", "5000")),
                Optional.ofNullable(read("requestLog", "REQUEST_LOG", null)).filter(s -> !s.isBlank()),
                Optional.ofNullable(read("ledger", "LEDGER", null)).filter(s -> !s.isBlank()),
                Integer.parseInt(read("holdSeconds", "LOAD_HOLD_SECONDS", "0")),
                Auth.fromSystem());
    }

    private static Optional<String> optional(String property, String env) {
        return Optional.ofNullable(read(property, env, null));
    }

    static String read(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
