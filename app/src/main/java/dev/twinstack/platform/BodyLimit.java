package dev.twinstack.platform;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The HTTP layer refuses bodies over {@code quarkus.http.limits.max-body-size} before any resource runs; this gives
 * that refusal (and any other failure the HTTP layer answers by itself) the same problem+json shape as the rest.
 */
@ApplicationScoped
class BodyLimit {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (ctx.response().headWritten() || status < 400 || status >= 500) {
                ctx.next();
                return;
            }
            String detail =
                    status == 413 ? "the request body is larger than allowed" : "the request could not be processed";
            Problem problem = Problem.of(status, status == 413 ? "Content Too Large" : "Bad Request", detail, null);
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        });
    }
}
