package dev.twinstack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinstack.testing.PostgresResource.Provider;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Which PostgreSQL the tests get, decided from the environment alone (no Docker engine is needed to test it). */
class PostgresResourceChoiceTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/twinstack";
    private static final BooleanSupplier DOCKER_RUNS = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier NOT_TO_BE_ASKED = () -> {
        throw new AssertionError("the Docker engine was asked although the choice did not depend on it");
    };

    @Test
    void takesTheGivenUrlFirst() {
        assertEquals(
                Provider.EXTERNAL,
                PostgresResource.choose(
                        Map.of("TWINSTACK_TEST_DB_URL", URL, "TWINSTACK_TEST_DB", "docker"), NOT_TO_BE_ASKED));
    }

    @Test
    void takesTestcontainersWhereDockerRuns() {
        assertEquals(Provider.DOCKER, PostgresResource.choose(Map.of(), DOCKER_RUNS));
    }

    @Test
    void takesTheEmbeddedBinariesWithoutDocker() {
        assertEquals(Provider.EMBEDDED, PostgresResource.choose(Map.of(), NO_DOCKER));
    }

    @Test
    void ignoresABlankUrl() {
        assertEquals(Provider.EMBEDDED, PostgresResource.choose(Map.of("TWINSTACK_TEST_DB_URL", " "), NO_DOCKER));
    }

    @Test
    void followsAForcedProviderWithoutAskingDocker() {
        assertEquals(
                Provider.EMBEDDED, PostgresResource.choose(Map.of("TWINSTACK_TEST_DB", "embedded"), NOT_TO_BE_ASKED));
        assertEquals(Provider.DOCKER, PostgresResource.choose(Map.of("TWINSTACK_TEST_DB", "docker"), NOT_TO_BE_ASKED));
    }

    @Test
    void refusesAnUnknownProvider() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PostgresResource.choose(Map.of("TWINSTACK_TEST_DB", "h2"), NOT_TO_BE_ASKED));
    }
}
