package dev.twinstack.platform;

/**
 * The names of the shared parts of the OpenAPI document ({@code /q/openapi}), described once in this package's
 * {@code package-info.java}: each problem+json answer, referenced by name from the operations that give it
 * ({@code @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)}), and the headers. {@link ApiDocsFilter} adds
 * what every operation shares: the 500 and 503 answers and the {@value #COLD_START} header.
 */
public final class ApiDocs {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    /** The security scheme every API operation names (docs/security.md). */
    public static final String BEARER = "bearer";

    public static final String CONFLICT = "Conflict";
    public static final String CONTENT_TOO_LARGE = "ContentTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String UNPROCESSABLE_CONTENT = "UnprocessableContent";
    public static final String INTERNAL_SERVER_ERROR = "InternalServerError";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

    public static final String COLD_START = ColdStart.HEADER;
    public static final String RETRY_AFTER = "Retry-After";

    private ApiDocs() {}
}
