package dev.twinstack.platform;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The caller as the platform's gateway hands it over outside HTTP headers (auth mode {@code gateway}): the Lambda
 * target reads the authorizer's claims from the API Gateway event. The server targets have none: there the gateway
 * maps claims to identity headers.
 */
public interface PlatformIdentity {

    /** The caller the gateway's authorizer verified, if the platform carries one with this request. */
    Optional<Caller> of(HttpServerRequest request);
}
