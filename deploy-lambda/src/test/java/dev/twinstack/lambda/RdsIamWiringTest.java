package dev.twinstack.lambda;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.credentials.runtime.CredentialsProviderFinder;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The name the template sets finds the IAM token provider in the built application. */
@QuarkusTest
class RdsIamWiringTest {

    @Test
    void datasourceFindsTheIamTokenProviderByName() {
        String name = ConfigProvider.getConfig().getValue("quarkus.datasource.credentials-provider-name", String.class);

        assertInstanceOf(RdsIamCredentials.class, CredentialsProviderFinder.find(name));
    }
}
