package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The IAM token path of the trimmed function.zip, offline: the packaged {@link RdsIamCredentials} loaded from the
 * unpacked zip alone (nothing from this build's class path), with the production region and credentials chains, signs
 * a token as of a fixed clock. It must be the very token the full AWS SDK on this build's class path signs for the same
 * request and credentials, which {@link RdsIamCredentialsTest} checks against the SDK's own RdsUtilities. Both sources
 * Lambda gives a function are used: keys set for the process (on demand; here as system properties, the chain's first
 * source) and the container credentials endpoint (SnapStart functions; here a local HTTP endpoint on 127.0.0.1). Fails
 * when a class the signer or the chains load is missing from the zip, whichever artifact or class the packaging leaves
 * out, without waiting for an end-to-end login.
 */
class FunctionZipTokenIT {

    private static final Path TARGET = Path.of(System.getProperty("twinstack-build-dir", "target"));
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String REGION = "eu-west-1";
    private static final String JDBC_URL = "jdbc:postgresql://twinstack.proxy-abc.eu-west-1.rds.amazonaws.com:5432/app";
    private static final String HOST = "twinstack.proxy-abc.eu-west-1.rds.amazonaws.com";
    private static final String USER = "twinstack_app";
    private static final Instant SIGNED_AT = Instant.parse("2026-11-23T23:59:59Z");
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
    private static final String ENDPOINT_AUTHORIZATION = "endpoint-authorization-example";
    private static final List<String> CHAIN_SETTINGS = List.of(
            "aws.accessKeyId",
            "aws.secretAccessKey",
            "aws.region",
            "aws.containerCredentialsFullUri",
            "aws.containerAuthorizationToken");

    private static URLClassLoader function;

    @BeforeAll
    static void loadTheFunctionAlone() throws Exception {
        function = FunctionZipIT.classLoaderOf(
                FunctionZipIT.unpack(TARGET.resolve("function.zip"), TARGET.resolve("function-token-it")));
    }

    @AfterAll
    static void close() throws Exception {
        function.close();
    }

    @AfterEach
    void clearChainSettings() {
        CHAIN_SETTINGS.forEach(System::clearProperty);
    }

    @Test
    void packagedFunctionSignsWithTheProcessKeys() throws Exception {
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        String expected = fullSdkToken(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

        String packaged = packagedToken();

        assertEquals(expected, packaged);
    }

    @Test
    void packagedFunctionSignsWithTheContainerEndpointCredentials() throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "process keys in the environment come first");
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/credentials", exchange -> {
            boolean authorized =
                    ENDPOINT_AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorized
                            ? """
                            {"AccessKeyId":"%s","SecretAccessKey":"%s","Token":"%s","Expiration":"%s"}""".formatted(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, SIGNED_AT.plusSeconds(3600))
                            : "{}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        try {
            System.setProperty("aws.region", REGION);
            System.setProperty(
                    "aws.containerCredentialsFullUri",
                    "http://127.0.0.1:%d/credentials"
                            .formatted(endpoint.getAddress().getPort()));
            System.setProperty("aws.containerAuthorizationToken", ENDPOINT_AUTHORIZATION);
            String expected = fullSdkToken(AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN));

            String packaged = packagedToken();

            assertEquals(expected, packaged);
        } finally {
            endpoint.stop(0);
        }
    }

    private static String fullSdkToken(AwsCredentials credentials) {
        return new RdsAuthTokens(Region.of(REGION), StaticCredentialsProvider.create(credentials))
                .token(HOST, 5432, USER, SIGNED_AT);
    }

    /** The packaged provider's own production path: its default signer, then a token as of {@link #SIGNED_AT}. */
    private static String packagedToken() throws Exception {
        Class<?> provider = function.loadClass(RdsIamCredentials.class.getName());
        Method defaultSigner = provider.getDeclaredMethod("defaultSigner");
        defaultSigner.setAccessible(true);
        Supplier<Object> signers = () -> {
            try {
                return defaultSigner.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
            }
        };
        Constructor<?> constructor =
                provider.getDeclaredConstructor(String.class, String.class, Supplier.class, Clock.class);
        constructor.setAccessible(true);
        Object credentials = constructor.newInstance(JDBC_URL, USER, signers, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        Method token = provider.getDeclaredMethod("token");
        token.setAccessible(true);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(function);
        try {
            return (String) token.invoke(credentials);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
