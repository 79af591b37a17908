package dev.twinstack.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;

/**
 * The {@code Location} of a created resource. Relative (RFC 9110 allows it) unless {@code twinstack.public-base-url}
 * names the URL clients use: the scheme, host and port the service sees are those of the last hop (a load balancer,
 * API Gateway's integration), and forwarded headers that could correct them can be forged by a client.
 */
@ApplicationScoped
public class Locations {

    private final Optional<URI> publicBaseUrl;

    Locations(TwinstackConfig config) {
        this.publicBaseUrl = config.publicBaseUrl();
    }

    /** The request's path followed by {@code id}, after the public base URL if there is one. */
    public String created(UriInfo request, long id) {
        String path =
                request.getAbsolutePathBuilder().path(Long.toString(id)).build().getRawPath();
        return publicBaseUrl
                .map(base -> base.toString().replaceAll("/+$", "") + path)
                .orElse(path);
    }
}
