package dev.twinstack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The container's settings, checked without a Docker engine (the container is configured, never started). */
class ContainerDatabaseTest {

    private static final int HOST_PORT = 45432;

    @Test
    void bindsPostgresToOneFixedHostPortSoThatARestartKeepsTheAddress() {
        try (var container = ContainerDatabase.configured(HOST_PORT)) {
            assertEquals(List.of(HOST_PORT + ":5432/tcp"), container.getPortBindings());
        }
    }
}
