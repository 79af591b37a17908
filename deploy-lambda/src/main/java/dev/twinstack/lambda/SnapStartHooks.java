package dev.twinstack.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.twinstack.platform.ColdStart;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * SnapStart: what happens around the snapshot Lambda takes of an initialised environment and restores many times.
 *
 * <p>Before the snapshot, requests that need no database (liveness, a refused body, a refused parameter) go through the
 * real Lambda HTTP handler, so REST routing, Jackson, validation and the problem mappers are loaded and warm in the
 * snapshot; then the pool is emptied, so no connection is ever captured. After a restore the pool is emptied again (a
 * connection from before the snapshot is dead, and shared by every copy), the IAM token and role credentials are
 * dropped, the id generator is reseeded, and the cold-start marker is re-armed for the restored environment's first
 * request.
 */
@ApplicationScoped
class SnapStartHooks implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartHooks.class);

    /** Requests answered without the database: they warm the request path, not the pool. */
    private static final List<Priming> PRIMING = List.of(
            new Priming("GET", "/q/health/live", null),
            new Priming("GET", "/api/users", "limit=0"),
            new Priming("POST", "/api/users", null),
            new Priming("POST", "/api/orders", null));

    private record Priming(String method, String path, String query) {}

    private final AgroalDataSource dataSource;
    private final RdsIamCredentials credentials;
    private final ColdStart coldStart;
    private final SnapStartIds ids = new SnapStartIds();

    SnapStartHooks(AgroalDataSource dataSource, RdsIamCredentials credentials, ColdStart coldStart) {
        this.dataSource = dataSource;
        this.credentials = credentials;
        this.coldStart = coldStart;
    }

    void register(@Observes StartupEvent event) {
        // org.crac keeps resources weakly: this bean is application-scoped, so it stays registered.
        Core.getGlobalContext().register(this);
    }

    @Produces
    @Singleton
    IdGenerator idGenerator() {
        return ids;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LambdaHttpHandler handler = new LambdaHttpHandler();
        for (Priming priming : PRIMING) {
            APIGatewayV2HTTPEvent event = primingEvent(priming);
            int status = handler.handleRequest(event, null).getStatusCode();
            LOG.debugf("priming %s %s: %d", priming.method(), priming.path(), status);
        }
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        coldStart.rearm();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        credentials.refresh();
        ids.reseed();
        coldStart.rearm();
    }

    private static APIGatewayV2HTTPEvent primingEvent(Priming priming) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(priming.path());
        event.setRawQueryString(priming.query() == null ? "" : priming.query());
        event.setHeaders(Map.of("content-type", "application/json", "accept", "application/json"));
        if (priming.method().equals("POST")) {
            // Valid JSON that fails validation: Jackson and Hibernate Validator run, the database is never asked.
            event.setBody("{}");
        }
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(priming.method());
        http.setPath(priming.path());
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        var requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        requestContext.setRequestId("snapstart-priming");
        event.setRequestContext(requestContext);
        return event;
    }
}
