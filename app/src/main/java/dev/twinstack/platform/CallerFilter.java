package dev.twinstack.platform;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Establishes the caller of every API request before its resource runs, as {@code twinstack.auth.mode} says (see
 * docs/security.md), or answers 401 problem+json.
 *
 * <p>In mode {@code jwt} the token is verified here and only here: HTTP authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}), so in the other modes an {@code Authorization} header the gateway passes
 * on is never verified a second time (the app has no key for it).
 */
class CallerFilter {

    static final String SUBJECT_HEADER = "X-Twinstack-Subject";
    static final String SCOPE_HEADER = "X-Twinstack-Scope";
    private static final String API = "/api/";

    private final TwinstackConfig config;
    private final CurrentCaller current;
    private final PlatformIdentity platform;
    private final CurrentIdentityAssociation identities;

    CallerFilter(
            TwinstackConfig config,
            CurrentCaller current,
            PlatformIdentity platform,
            CurrentIdentityAssociation identities) {
        this.config = config;
        this.current = current;
        this.platform = platform;
        this.identities = identities;
    }

    @ServerRequestFilter
    Uni<Response> establish(ContainerRequestContext context, HttpServerRequest request) {
        if (!context.getUriInfo().getPath().startsWith(API)) {
            return Uni.createFrom().nullItem();
        }
        TwinstackConfig.Auth auth = config.auth();
        boolean trusted = auth.mode() == AuthMode.GATEWAY && auth.trustIdentityHeaders();
        if (!trusted
                && (request.headers().contains(SUBJECT_HEADER)
                        || request.headers().contains(SCOPE_HEADER))) {
            return unauthorized("identity headers are accepted only from a trusted gateway", false);
        }
        return switch (auth.mode()) {
            case NONE -> Uni.createFrom().nullItem();
            case GATEWAY -> {
                Optional<Caller> caller =
                        platform.of(request).or(() -> trusted ? fromHeaders(request) : Optional.empty());
                if (caller.isEmpty()) {
                    yield unauthorized("no caller: this service is reached through its gateway", false);
                }
                current.set(caller.get());
                yield Uni.createFrom().nullItem();
            }
            case JWT ->
                identities.getDeferredIdentity().onItemOrFailure().transform((identity, failure) -> {
                    if (failure instanceof AuthenticationFailedException) {
                        return problem("the bearer token is invalid or expired", true);
                    }
                    if (failure != null) {
                        throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
                    }
                    return fromToken(identity);
                });
        };
    }

    private Response fromToken(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return problem("a bearer token is required", true);
        }
        if (token.getSubject() == null || token.getSubject().isBlank()) {
            return problem("the bearer token names no subject", true);
        }
        Object scope = token.getClaim("scope");
        current.set(Caller.of(token.getSubject(), scope == null ? null : scope.toString()));
        return null;
    }

    private static Optional<Caller> fromHeaders(HttpServerRequest request) {
        String subject = request.getHeader(SUBJECT_HEADER);
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Caller.of(subject, request.getHeader(SCOPE_HEADER)));
    }

    private static Uni<Response> unauthorized(String detail, boolean challenge) {
        return Uni.createFrom().item(problem(detail, challenge));
    }

    private static Response problem(String detail, boolean challenge) {
        return ProblemMappers.respond(
                Problem.of(401, "Unauthorized", detail, List.of()),
                challenge ? Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer") : Map.of());
    }
}
