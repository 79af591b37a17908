package dev.twinstack.platform;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The shared parts of the OpenAPI document ({@code /q/openapi}): each problem+json answer is described once here and
 * referenced by name from the operations that give it ({@code @APIResponse(responseCode = "404", ref =
 * ApiDocs.NOT_FOUND)}). {@link ApiDocsFilter} adds what every operation shares: the 500 and 503 answers and the
 * {@value #COLD_START} header.
 *
 * <p>It is the REST application class only because MicroProfile OpenAPI reads {@code @OpenAPIDefinition} from there
 * (or from a package-info): it overrides nothing, so every resource is still served.
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
                        schemas = @Schema(name = "Problem", implementation = Problem.class)))
public class ApiDocs extends Application {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String CONTENT_TOO_LARGE = "ContentTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String UNPROCESSABLE_CONTENT = "UnprocessableContent";
    public static final String INTERNAL_SERVER_ERROR = "InternalServerError";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

    public static final String COLD_START = ColdStart.HEADER;
    public static final String RETRY_AFTER = "Retry-After";
}
