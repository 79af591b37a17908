package dev.twinstack.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Our own settings; Quarkus's own stay under {@code quarkus.*}. */
@ConfigMapping(prefix = "twinstack")
public interface TwinstackConfig {

    /** Which deployable this is: {@code server}, {@code lambda} or {@code kubernetes}. Shown in traces and logs. */
    @WithDefault("server")
    String target();

    /**
     * Exit with status 0 as soon as start-up is done (migrate mode: Flyway has migrated during start-up). Set by the
     * {@code migrate} profile.
     */
    @WithDefault("false")
    boolean exitAfterStart();

    /**
     * The URL clients reach the service at (e.g. {@code https://api.example.com}), for absolute {@code Location}
     * headers; without it they are relative. Never taken from request headers a client can set.
     */
    Optional<URI> publicBaseUrl();

    /**
     * Whether the first request of an instance is marked with the {@code X-Cold-Start} response header (the span
     * attribute is always set). Off where clients should not learn about instance starts.
     */
    @WithDefault("true")
    boolean coldStartHeader();

    Auth auth();

    Idempotency idempotency();

    Pagination pagination();

    Seed seed();

    Readiness readiness();

    /** Who the caller is; see docs/security.md. */
    interface Auth {

        /**
         * {@code none}: no caller (local runs, the lab); {@code gateway}: the gateway in front verified the token, the
         * caller comes from its authorizer (Lambda event claims, or trusted identity headers); {@code jwt}: the app
         * verifies bearer tokens itself ({@code mp.jwt.verify.*}).
         */
        @WithDefault("none")
        AuthMode mode();

        /**
         * Whether the identity headers ({@code X-Twinstack-Subject}, {@code X-Twinstack-Scope}) name the caller. Only
         * behind a gateway that overwrites them on every request; with false a request carrying one is refused.
         */
        @WithDefault("false")
        boolean trustIdentityHeaders();

        /** The scope (in the token's {@code scope} claim) that lets a caller manage users. */
        @WithDefault("users:admin")
        String adminScope();
    }

    interface Idempotency {
        /** How long a key is remembered; a retry after that creates a new order. */
        @WithDefault("24h")
        Duration retention();

        /**
         * How long a request waits for an earlier request with its key that is still in flight before it is answered
         * 409 with {@code Retry-After}. Kept well below the transaction timeout (60 s), so that a wait never outlives
         * the transaction it runs in.
         */
        @WithDefault("5s")
        Duration inFlightWait();

        /** How often expired keys are deleted ({@code off} where another instance or a scheduled task does it). */
        @WithDefault("10m")
        String cleanupEvery();
    }

    interface Pagination {
        @WithDefault("20")
        int defaultLimit();

        @WithDefault("100")
        int maxLimit();
    }

    interface Seed {
        /** Load-test users ensured after each migrate (0: none), see db/migration/afterMigrate.sql. */
        @WithDefault("0")
        int users();
    }

    interface Readiness {
        /** Upper bound of the readiness check's own database round trip. */
        @WithDefault("1s")
        Duration timeout();
    }
}
