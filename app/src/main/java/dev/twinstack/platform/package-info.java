/**
 * What every feature shares: problem+json errors, health, telemetry, the cold-start marker, configuration, and the
 * shared parts of the OpenAPI document. The OpenAPI definition sits on this package because MicroProfile OpenAPI reads
 * {@code @OpenAPIDefinition} only from a package or a REST application class, and an application class would be one
 * more for the REST layer to pick from wherever app's classes are indexed twice. {@link ApiDocs} names its parts.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Twinstack API",
                        version = "0.1.0",
                        description =
                                "Users and their orders. Every error is an RFC 9457 problem (application/problem+json)"
                                        + " whose errors list names the field (JSON body) or parameter (query, path, header) at"
                                        + " fault."),
        components =
                @Components(
                        responses = {
                            @APIResponse(
                                    name = ApiDocs.BAD_REQUEST,
                                    description = "The request is invalid: malformed or strict-JSON-violating body,"
                                            + " a value out of bounds, a bad query parameter or header. errors names"
                                            + " each field or parameter at fault.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.UNAUTHORIZED,
                                    description = "No caller (auth modes gateway and jwt): no bearer token, an invalid"
                                            + " or expired one, or an identity header the service does not trust. The"
                                            + " service answers problem+json; in front of it, API Gateway's JWT"
                                            + " authorizer answers {\"message\":\"Unauthorized\"} (application/json)"
                                            + " itself. See docs/security.md.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.FORBIDDEN,
                                    description = "The caller may not do this: managing users needs the admin scope"
                                            + " (users:admin), and orders are the caller's own user's.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.NOT_FOUND,
                                    description = "No resource with this id (an id that is not a number included).",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.CONFLICT,
                                    description = "The request conflicts with the resource's current state (the"
                                            + " operation's description says when); a concurrent change of the same"
                                            + " resource is one too, and may be retried.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.CONTENT_TOO_LARGE,
                                    description = "The body is larger than the service accepts"
                                            + " (quarkus.http.limits.max-body-size, 64 KiB). A chunked body without"
                                            + " Content-Length that outgrows it is cut off by the HTTP layer with an"
                                            + " empty 413.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.UNSUPPORTED_MEDIA_TYPE,
                                    description = "The body is not application/json.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.UNPROCESSABLE_CONTENT,
                                    description = "The request is well-formed but cannot be carried out (the"
                                            + " operation's description says when).",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.INTERNAL_SERVER_ERROR,
                                    description = "An unexpected failure; detail carries a reference that finds it in"
                                            + " the service's log. Nothing internal is disclosed.",
                                    content =
                                            @Content(
                                                    mediaType = Problem.MEDIA_TYPE,
                                                    schema = @Schema(ref = "Problem"))),
                            @APIResponse(
                                    name = ApiDocs.SERVICE_UNAVAILABLE,
                                    description = "The database is unreachable or saturated, or (on Kubernetes) more"
                                            + " requests wait for it than the instance admits. Nothing was written;"
                                            + " retry after Retry-After seconds.",
                                    headers = @Header(name = ApiDocs.RETRY_AFTER, ref = ApiDocs.RETRY_AFTER),
                                    content =
                                            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
                        },
                        headers = {
                            @Header(
                                    name = ApiDocs.COLD_START,
                                    description = "true on the first application request an instance serves (a cold"
                                            + " start, or the first request after a snapshot restore); absent"
                                            + " otherwise.",
                                    schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
                            @Header(
                                    name = ApiDocs.RETRY_AFTER,
                                    description = "Seconds to wait before retrying.",
                                    required = true,
                                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                        },
                        schemas = @Schema(name = "Problem", implementation = Problem.class),
                        securitySchemes =
                                @SecurityScheme(
                                        securitySchemeName = ApiDocs.BEARER,
                                        type = SecuritySchemeType.HTTP,
                                        scheme = "bearer",
                                        bearerFormat = "JWT",
                                        description = "A JWT whose sub names the caller (a user's subject) and whose"
                                                + " scope may hold users:admin. Not required in auth mode none (local"
                                                + " runs). See docs/security.md.")),
        security = @SecurityRequirement(name = ApiDocs.BEARER))
package dev.twinstack.platform;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
