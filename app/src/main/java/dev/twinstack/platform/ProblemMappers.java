package dev.twinstack.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into RFC 9457 problem+json. Client errors name the field or parameter at fault; nothing
 * internal (class names, SQL, stack traces) ever reaches a response body.
 */
class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return respond(e.problem(), e.headers());
    }

    @ServerExceptionMapper
    Response validation(ConstraintViolationException e) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            Problem.Violation violation = violationOf(v);
            if (violation == null) {
                return internal(e);
            }
            violations.add(violation);
        }
        violations.sort(Comparator.comparing((Problem.Violation v) -> String.valueOf(v.field()))
                .thenComparing(v -> String.valueOf(v.parameter()))
                .thenComparing(Problem.Violation::detail));
        return respond(Problem.of(400, "Bad Request", "the request has invalid values", violations), Map.of());
    }

    /*
     * One mapper per Jackson type the REST layer or its default mappers handle on their own, so that ours is always
     * the most specific match.
     */
    @ServerExceptionMapper
    Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    Response mapping(JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    Response parse(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    Response read(StreamReadException e) {
        return json(e);
    }

    @ServerExceptionMapper
    Response json(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? pathOf(m.getPath()) : "$";
        String detail;
        if (causeOf(e, StreamConstraintsException.class) != null) {
            detail = "the document exceeds the parser's limits (nesting depth or size)";
        } else if (causeOf(e, InputCoercionException.class) != null) {
            detail = "number out of range";
        } else if (e instanceof UnrecognizedPropertyException) {
            detail = "unknown field";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            detail = "must be " + JsonTypes.describe(m.getTargetType());
        } else if (causeOf(e, StreamReadException.class) != null) {
            StreamReadException read = causeOf(e, StreamReadException.class);
            detail = read.getLocation() == null
                    ? "malformed JSON"
                    : "malformed JSON at line " + read.getLocation().getLineNr() + ", column "
                            + read.getLocation().getColumnNr();
        } else {
            detail = "invalid value";
        }
        return respond(
                Problem.of(
                        400,
                        "Bad Request",
                        "the request body is not valid",
                        List.of(Problem.Violation.field(field, detail))),
                Map.of());
    }

    @ServerExceptionMapper
    Response optimisticLock(OptimisticLockException e) {
        return respond(Problem.of(409, "Conflict", "the resource was changed concurrently; retry", null), Map.of());
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        JsonProcessingException jsonCause = causeOf(e, JsonProcessingException.class);
        if (jsonCause != null) {
            return json(jsonCause);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Client Error" : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "only application/json responses are available";
            case 413 -> "the request body is larger than allowed";
            case 415 -> "the request body must be application/json";
            default -> "the request could not be processed";
        };
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return respond(
                Problem.of(status, title, detail, null), allow == null ? Map.of() : Map.of(HttpHeaders.ALLOW, allow));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    Response unexpected(Throwable e) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return respond(
                    Problem.of(503, "Service Unavailable", "the database is unavailable; retry later", null),
                    Map.of("Retry-After", "1"));
        }
        return internal(e);
    }

    private static Response internal(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return respond(
                Problem.of(500, "Internal Server Error", "unexpected failure, reference " + reference, null), Map.of());
    }

    static Response respond(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder response =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(response::header);
        return response.build();
    }

    /** Connection failures (SQLSTATE class 08), too many connections, a terminated backend, or a pool timeout. */
    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("53300") || state.startsWith("57P"))) {
                    return true;
                }
                if (sql.getMessage() != null && sql.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Problem.Violation violationOf(ConstraintViolation<?> v) {
        String parameter = null;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return null;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getKind() != ElementKind.PROPERTY && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (!field.isEmpty()) {
            return Problem.Violation.field(field.toString(), v.getMessage());
        }
        if ("body".equals(parameter)) {
            return Problem.Violation.field("$", "a JSON body is required");
        }
        return Problem.Violation.parameter(parameter, v.getMessage());
    }

    private static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "$" : field.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
