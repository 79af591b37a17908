package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.credentials.CredentialsProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * Real tokens from the SDK's signer with fixed credentials and a fixed clock: no AWS account, no network. The clock
 * starts half a second before midnight UTC, where a date taken from anywhere but the provider's clock would show.
 */
class RdsIamCredentialsTest {

    private static final String PROXY = "twinstack-proxy.proxy-c0ffee.eu-west-1.rds.amazonaws.com";
    private static final String URL = "jdbc:postgresql://" + PROXY + ":5432/twinstack?sslmode=verify-full";
    private static final String USER = "twinstack";
    private static final AwsCredentials FIXED =
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static final Instant START = Instant.parse("2026-11-23T23:59:59.500Z");
    /** How often the SDK's own generator may meet a second boundary before the comparison gives up. */
    private static final int SAME_SECOND_TRIES = 5;

    private final MutableClock clock = new MutableClock(START);
    private final AtomicInteger credentialLookups = new AtomicInteger();
    private final AtomicInteger signersBuilt = new AtomicInteger();
    private final AwsCredentialsProvider countingCredentials = () -> {
        credentialLookups.incrementAndGet();
        return FIXED;
    };
    private final Supplier<RdsAuthTokens> signers = () -> {
        signersBuilt.incrementAndGet();
        return new RdsAuthTokens(Region.EU_WEST_1, countingCredentials);
    };
    private final RdsIamCredentials credentials = new RdsIamCredentials(URL, USER, signers, clock);

    @Test
    void mintsAPresignedConnectTokenForTheProxyHostPortAndUser() {
        Map<String, String> given = credentials.getCredentials(RdsIamCredentials.NAME);

        String token = given.get(CredentialsProvider.PASSWORD_PROPERTY_NAME);
        Map<String, String> query = query(token);
        assertEquals(USER, given.get(CredentialsProvider.USER_PROPERTY_NAME));
        assertTrue(token.startsWith(PROXY + ":5432/?"), token);
        assertEquals("connect", query.get("Action"));
        assertEquals(USER, query.get("DBUser"));
        assertEquals("AWS4-HMAC-SHA256", query.get("X-Amz-Algorithm"));
        assertEquals("900", query.get("X-Amz-Expires"));
        assertEquals("host", query.get("X-Amz-SignedHeaders"));
        assertEquals("20261123T235959Z", query.get("X-Amz-Date"));
        assertEquals(FIXED.accessKeyId() + "/20261123/eu-west-1/rds-db/aws4_request", query.get("X-Amz-Credential"));
        assertTrue(query.get("X-Amz-Signature").matches("[0-9a-f]{64}"), query.get("X-Amz-Signature"));
    }

    @Test
    void signsTheNewTokenAtTheClocksTimeAfterMidnight() {
        credentials.token();

        clock.advance(RdsIamCredentials.REFRESH_AFTER);
        Map<String, String> query = query(credentials.token());

        assertEquals("20261124T000959Z", query.get("X-Amz-Date"));
        assertEquals(FIXED.accessKeyId() + "/20261124/eu-west-1/rds-db/aws4_request", query.get("X-Amz-Credential"));
    }

    @Test
    void signsTheTokenTheSdksOwnGeneratorSignsForTheSameSecond() {
        RdsUtilities sdk = RdsUtilities.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(FIXED))
                .build();
        RdsAuthTokens ours = new RdsAuthTokens(Region.EU_WEST_1, StaticCredentialsProvider.create(FIXED));

        // The SDK's generator reads its own clock twice (signing time, expiry): when a second turns between the two
        // readings its token says 899 s, not 900; such a token is drawn again.
        for (int i = 0; i < SAME_SECOND_TRIES; i++) {
            String theirs = sdk.generateAuthenticationToken(
                    r -> r.hostname(PROXY).port(5432).username(USER));
            if (!query(theirs).get("X-Amz-Expires").equals("900")) {
                continue;
            }
            Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")
                    .parse(query(theirs).get("X-Amz-Date"), Instant::from);

            String mine = ours.token(PROXY, 5432, USER, signedAt);

            assertEquals(theirs.substring(0, theirs.indexOf('?')), mine.substring(0, mine.indexOf('?')));
            assertEquals(query(theirs), query(mine));
            return;
        }
        throw new AssertionError(
                "the SDK's generator met a second boundary in each of " + SAME_SECOND_TRIES + " tries");
    }

    @Test
    void reusesTheTokenUntilTheRefreshPoint() {
        String first = credentials.token();

        clock.advance(RdsIamCredentials.REFRESH_AFTER.minusSeconds(1));
        String later = credentials.token();

        assertEquals(first, later);
        assertEquals(1, credentialLookups.get());
    }

    @Test
    void mintsANewTokenBeforeTheOldOneExpires() {
        credentials.token();

        clock.advance(RdsIamCredentials.REFRESH_AFTER);
        credentials.token();

        assertEquals(2, credentialLookups.get(), "signed again with freshly resolved credentials");
        assertTrue(RdsIamCredentials.REFRESH_AFTER.compareTo(RdsIamCredentials.TOKEN_LIFETIME) < 0);
        assertTrue(RdsIamCredentials.TOKEN_LIFETIME
                        .minus(RdsIamCredentials.REFRESH_AFTER)
                        .toMinutes()
                >= 5);
    }

    @Test
    void refreshDropsTheTokenAndTheSignerWithItsCachedCredentials() {
        credentials.token();

        credentials.refresh();
        credentials.token();

        assertEquals(2, signersBuilt.get());
        assertEquals(2, credentialLookups.get());
    }

    @Test
    void createsNothingUntilTheFirstConnection() {
        assertEquals(0, signersBuilt.get());
        assertEquals(0, credentialLookups.get());
    }

    @Test
    void defaultsToPostgresPortWhenTheUrlHasNone() {
        var noPort = new RdsIamCredentials("jdbc:postgresql://" + PROXY + "/twinstack", USER, signers, clock);

        assertTrue(noPort.token().startsWith(PROXY + ":5432/?"));
    }

    private static Map<String, String> query(String token) {
        return Arrays.stream(token.substring(token.indexOf('?') + 1).split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
