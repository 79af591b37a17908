package dev.twinstack.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details body. {@code errors} names each field (request body, as a path such as
 * {@code items[0].qty}) or parameter (query, path or header) at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        description = "RFC 9457 problem details",
        requiredProperties = {"type", "title", "status", "detail"})
public record Problem(String type, String title, int status, String detail, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Where the fault is: {@code field} for the JSON body, {@code parameter} for query, path and headers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(
            description = "One fault: field (JSON body, as a path such as items[0].qty) or parameter (query, path,"
                    + " header), and what is wrong with it",
            requiredProperties = "detail")
    public record Violation(String field, String parameter, String detail) {

        public static Violation field(String field, String detail) {
            return new Violation(field, null, detail);
        }

        public static Violation parameter(String parameter, String detail) {
            return new Violation(null, parameter, detail);
        }
    }

    public static Problem of(int status, String title, String detail, List<Violation> errors) {
        return new Problem("about:blank", title, status, detail, errors == null || errors.isEmpty() ? null : errors);
    }
}
