package dev.twinstack.platform;

import io.quarkus.arc.DefaultBean;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Servers carry no identity besides the request itself. */
@DefaultBean
@ApplicationScoped
class NoPlatformIdentity implements PlatformIdentity {

    @Override
    public Optional<Caller> of(HttpServerRequest request) {
        return Optional.empty();
    }
}
