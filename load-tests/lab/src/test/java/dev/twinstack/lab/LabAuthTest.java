package dev.twinstack.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinstack.toolkit.CloudFormationTemplate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab reads each target's auth mode from its deploy files and configures the target as they do. */
class LabAuthTest {

    private static final Path TEMPLATE = Path.of("../../deploy-lambda/template.yaml");
    private static final Path DEPLOYMENT = Path.of("../../deploy-k8s/kustomize/base/deployment.yaml");

    @TempDir
    Path dir;

    @Test
    void readsGatewayModeFromTheTemplateAndJwtModeFromTheBaseOverlay() throws Exception {
        assertEquals("gateway", LabAuth.lambdaMode(CloudFormationTemplate.read(TEMPLATE)));
        assertEquals("jwt", LabAuth.kubernetesMode(DEPLOYMENT));
    }

    @Test
    void givesJwtModeTheVerificationSettingsTheOverlayUses() throws Exception {
        var auth = LabAuth.generate(dir).forMode("k8s", "jwt", false);

        assertEquals("jwt", auth.environment().get("TWINSTACK_AUTH_MODE"));
        assertEquals(LabAuth.ISSUER, auth.environment().get("MP_JWT_VERIFY_ISSUER"));
        assertEquals(LabAuth.AUDIENCE, auth.environment().get("MP_JWT_VERIFY_AUDIENCES"));
        assertTrue(Path.of(auth.environment().get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
                .startsWith(dir));
        assertTrue(auth.authorizer().isEmpty(), "the service verifies, not a front");
        assertTrue(auth.generatorProperties().stream().anyMatch(p -> p.startsWith("-DtokenKey=" + dir)));
    }

    @Test
    void putsTheAuthorizerInFrontOfGatewayModeBehindHttpApiOnly() throws Exception {
        var lab = LabAuth.generate(dir);

        var lambda = lab.forMode("lambda", "gateway", true);

        assertEquals("gateway", lambda.environment().get("TWINSTACK_AUTH_MODE"));
        assertTrue(lambda.authorizer().isPresent());
        assertThrows(IllegalArgumentException.class, () -> lab.forMode("k8s", "gateway", false));
    }
}
