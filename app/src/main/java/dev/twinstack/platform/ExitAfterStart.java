package dev.twinstack.platform;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Migrate mode's exit: with {@code twinstack.exit-after-start}, the application asks to exit while it starts, so
 * Quarkus stops it as soon as start-up (Flyway's migration included; a failed migration fails start-up and exits 1)
 * is complete, and the process ends at once.
 */
@ApplicationScoped
class ExitAfterStart {

    private static final Logger LOG = Logger.getLogger(ExitAfterStart.class);

    void onStart(@Observes StartupEvent event, TwinstackConfig config) {
        if (config.exitAfterStart()) {
            LOG.info("exit after start requested: the application stops once started");
            Quarkus.asyncExit(0);
        }
    }
}
