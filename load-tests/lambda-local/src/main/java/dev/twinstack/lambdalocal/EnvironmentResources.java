package dev.twinstack.lambdalocal;

import dev.twinstack.toolkit.Cgroups;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each environment's process tree the CPU share and memory limit of the function's memory size in a control
 * group of its own, where this machine lets the service create them; otherwise environments run unlimited and
 * {@link #layout()} says why. The lab, the database and the load generator stay outside these groups.
 */
final class EnvironmentResources {

    private static final long MIB = 1024 * 1024;
    /** Services in one JVM (the lab runs several) name their groups apart. */
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final Cgroups cgroups;
    private final Cgroups.Limits limits;
    private final ResourceLayout layout;
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    EnvironmentResources(FunctionConfig config, Cgroups.Availability availability) {
        boolean enforce = config.limitResources() && availability.available();
        this.cgroups = enforce ? availability.cgroups().orElseThrow() : null;
        this.limits = new Cgroups.Limits(ResourceLayout.vcpus(config.memoryMb()), config.memoryMb() * MIB);
        String mechanism =
                !config.limitResources() ? "limits switched off for this service" : availability.description();
        this.layout = ResourceLayout.of(
                enforce,
                mechanism,
                config.memoryMb(),
                config.concurrencyLimit(),
                Runtime.getRuntime().availableProcessors());
        this.prefix = "lambda-local-" + ProcessHandle.current().pid() + "-" + SERVICES.incrementAndGet() + "-"
                + config.functionName() + "-";
    }

    ResourceLayout layout() {
        return layout;
    }

    /** A new group for one environment process, or null when environments run unlimited. */
    Cgroups.Group group(String environmentId) {
        if (cgroups == null) {
            return null;
        }
        return cgroups.create(prefix + environmentId + "-" + counter.incrementAndGet(), limits);
    }
}
