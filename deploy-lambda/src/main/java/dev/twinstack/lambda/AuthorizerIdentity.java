package dev.twinstack.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.twinstack.platform.Caller;
import dev.twinstack.platform.PlatformIdentity;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Auth mode {@code gateway} on Lambda: the caller is what HTTP API's JWT authorizer verified, from the event's
 * {@code requestContext.authorizer.jwt.claims} ({@code sub}, {@code scope}). quarkus-amazon-lambda-http hands the event
 * to the application as a context object of the request's headers. A Function URL or an event without an authorizer
 * carries no caller (401).
 */
@ApplicationScoped
class AuthorizerIdentity implements PlatformIdentity {

    @Override
    public Optional<Caller> of(HttpServerRequest request) {
        if (!(request.headers() instanceof QuarkusHttpHeaders headers)) {
            return Optional.empty();
        }
        APIGatewayV2HTTPEvent event = headers.getContextObject(APIGatewayV2HTTPEvent.class);
        if (event == null
                || event.getRequestContext() == null
                || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null) {
            return Optional.empty();
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt =
                event.getRequestContext().getAuthorizer().getJwt();
        Map<String, String> claims = jwt.getClaims();
        if (claims == null || claims.get("sub") == null || claims.get("sub").isBlank()) {
            return Optional.empty();
        }
        // The authorizer lists the token's scope claim in scopes too; either is the same set.
        String scope = jwt.getScopes() != null && !jwt.getScopes().isEmpty()
                ? String.join(" ", jwt.getScopes())
                : claims.get("scope");
        return Optional.of(Caller.of(claims.get("sub"), scope));
    }
}
