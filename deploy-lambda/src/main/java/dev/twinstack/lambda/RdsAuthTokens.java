package dev.twinstack.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Signs RDS IAM auth tokens with the AWS SDK's SigV4 signer: a {@code connect} request for a host, port and user,
 * presigned in the query string for {@code rds-db} and valid {@link #LIFETIME}, the format RDS and RDS Proxy accept.
 * The signing time is the caller's, so the token's date comes from the clock the caller was given (the SDK's own
 * {@code RdsUtilities} reads a clock of its own that cannot be set).
 */
final class RdsAuthTokens {

    /** The lifetime RDS gives a token. */
    static final Duration LIFETIME = Duration.ofMinutes(15);

    private static final String SERVICE = "rds-db";
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final Region region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;

    RdsAuthTokens(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.region = region;
        this.credentials = credentials;
    }

    /** A token for {@code user} at {@code host:port}, signed as of {@code at} with freshly resolved credentials. */
    String token(String host, int port, String user, Instant at) {
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SdkHttpRequest connect = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("Action", "connect")
                .putRawQueryParameter("DBUser", user)
                .build();
        SdkHttpRequest signed = SIGNER.sign(r -> r.identity(identity)
                        .request(connect)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, LIFETIME)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
        // A token is the presigned URL without its scheme.
        return signed.getUri().toString().substring("https://".length());
    }
}
