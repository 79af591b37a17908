package dev.twinstack.platform;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** A production run without auth is allowed (the lab runs so) but never silent. */
class AuthWarning {

    private static final Logger LOG = Logger.getLogger(AuthWarning.class);

    void onStart(@Observes StartupEvent event, TwinstackConfig config) {
        if (LaunchMode.current() == LaunchMode.NORMAL
                && config.auth().mode() == AuthMode.NONE
                && !config.exitAfterStart()) {
            LOG.warn("twinstack.auth.mode=none: every caller may read and change every user and order;"
                    + " deploy with gateway or jwt (docs/security.md)");
        }
    }
}
