package dev.twinstack.platform;

import java.util.List;
import java.util.Map;

/** A client-facing failure that becomes a problem+json response with the given status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.Violation> violations;
    private final Map<String, String> headers;

    public ProblemException(
            int status, String title, String detail, List<Problem.Violation> violations, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "Not Found", what + " " + id + " does not exist", List.of(), Map.of());
    }

    /** The caller is known but may not do this (see docs/security.md). */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of(), Map.of());
    }

    public static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(
                400,
                "Bad Request",
                "invalid parameter " + parameter,
                List.of(Problem.Violation.parameter(parameter, detail)),
                Map.of());
    }

    public static ProblemException conflict(String field, String detail) {
        return new ProblemException(
                409,
                "Conflict",
                detail,
                field == null ? List.of() : List.of(Problem.Violation.field(field, detail)),
                Map.of());
    }

    public static ProblemException unprocessable(Problem.Violation violation) {
        return new ProblemException(422, "Unprocessable Content", violation.detail(), List.of(violation), Map.of());
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(
                503,
                "Service Unavailable",
                detail,
                List.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public Problem problem() {
        return Problem.of(status, title, getMessage(), violations);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
