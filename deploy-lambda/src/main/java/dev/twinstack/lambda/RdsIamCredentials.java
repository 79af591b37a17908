package dev.twinstack.lambda;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * IAM database authentication: the datasource's password is an RDS auth token (a SigV4-presigned {@code connect}
 * request for the proxy's host, port and user, valid 15 minutes), signed locally by the AWS SDK from the function's
 * role credentials ({@link RdsAuthTokens}), as of this provider's clock. Selected with {@code quarkus.datasource.credentials-provider=rds-iam}; without it the configured
 * username and password apply (local runs, tests).
 *
 * <p>A token only has to be valid when a connection is opened, so one is reused for a while and minted again well
 * before it expires. Nothing AWS-related is created until the first connection: init stays offline. After a SnapStart
 * restore {@link #refresh()} drops the token and the cached role credentials from before the snapshot.
 */
@ApplicationScoped
@Named(RdsIamCredentials.NAME)
@Unremovable
public class RdsIamCredentials implements CredentialsProvider {

    static final String NAME = "rds-iam";
    /** The lifetime RDS gives a token. */
    static final Duration TOKEN_LIFETIME = RdsAuthTokens.LIFETIME;
    /** Re-mint after this, leaving a margin for clock skew and a slow connection attempt. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private static final int DEFAULT_PORT = 5432;

    private record Token(String value, Instant mintedAt) {}

    private final String host;
    private final int port;
    private final String user;
    private final Supplier<RdsAuthTokens> signers;
    private final Clock clock;
    private RdsAuthTokens signer;
    private Token token;

    @Inject
    RdsIamCredentials(
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user) {
        // Optional: a deployment with password auth need not set what only this provider needs.
        this(
                jdbcUrl.orElseThrow(() -> new IllegalStateException("rds-iam needs quarkus.datasource.jdbc.url")),
                user.orElseThrow(() -> new IllegalStateException("rds-iam needs quarkus.datasource.username")),
                RdsIamCredentials::defaultSigner,
                Clock.systemUTC());
    }

    RdsIamCredentials(String jdbcUrl, String user, Supplier<RdsAuthTokens> signers, Clock clock) {
        URI address = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.host = address.getHost();
        this.port = address.getPort() == -1 ? DEFAULT_PORT : address.getPort();
        this.user = user;
        this.signers = signers;
        this.clock = clock;
    }

    /** The function's region and role credentials, from the environment Lambda sets (or its credentials endpoint). */
    private static RdsAuthTokens defaultSigner() {
        return new RdsAuthTokens(
                new DefaultAwsRegionProviderChain().getRegion(),
                DefaultCredentialsProvider.builder().build());
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        return Map.of(USER_PROPERTY_NAME, user, PASSWORD_PROPERTY_NAME, token());
    }

    synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(token.mintedAt().plus(REFRESH_AFTER))) {
            if (signer == null) {
                signer = signers.get();
            }
            token = new Token(signer.token(host, port, user, now), now);
        }
        return token.value();
    }

    /** Forgets the token and the credentials behind it; the next connection mints a new one. */
    public synchronized void refresh() {
        token = null;
        signer = null;
    }
}
