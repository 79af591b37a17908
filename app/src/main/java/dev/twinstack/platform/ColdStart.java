package dev.twinstack.platform;

import io.opentelemetry.api.trace.Span;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Marks the first application request a process serves (health and other {@code /q/*} requests do not count, nor
 * reach this filter): response header {@value #HEADER} and span attribute {@value #SPAN_ATTRIBUTE}. Load tests and
 * traces use it to separate cold from warm latency on every target. A snapshot restore re-arms it. A deployment that
 * does not want clients to see it sets {@code twinstack.cold-start-header=false}; the span attribute stays.
 */
@Singleton
public class ColdStart {

    public static final String HEADER = "X-Cold-Start";
    public static final String SPAN_ATTRIBUTE = "twinstack.cold_start";
    private static final String PROPERTY = ColdStart.class.getName();

    private final AtomicBoolean armed = new AtomicBoolean(true);
    /** Read at the first response, not at construction: the bean may be created during static init. */
    private final Provider<TwinstackConfig> config;

    ColdStart(Provider<TwinstackConfig> config) {
        this.config = config;
    }

    /** The next application request is the first of a new instance again (e.g. after a SnapStart restore). */
    public void rearm() {
        armed.set(true);
    }

    @ServerRequestFilter
    void onRequest(ContainerRequestContext request) {
        if (armed.get() && armed.compareAndSet(true, false)) {
            request.setProperty(PROPERTY, Boolean.TRUE);
            Span.current().setAttribute(SPAN_ATTRIBUTE, true);
        }
    }

    @ServerResponseFilter
    void onResponse(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PROPERTY) != null && config.get().coldStartHeader()) {
            response.getHeaders().putSingle(HEADER, "true");
        }
    }
}
