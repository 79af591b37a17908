package dev.twinstack.platform;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every API answer (errors included) carries personal data or could: no cache along the way keeps it
 * ({@code Cache-Control: no-store}), and no browser guesses another content type than the one declared
 * ({@code X-Content-Type-Options: nosniff}).
 */
class ResponseHeaders {

    static final String NO_SNIFF = "X-Content-Type-Options";

    @ServerResponseFilter
    void onResponse(ContainerResponseContext response) {
        response.getHeaders().putSingle(NO_SNIFF, "nosniff");
        if (!response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
