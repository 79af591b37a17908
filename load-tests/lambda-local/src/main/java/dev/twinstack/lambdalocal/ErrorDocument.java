package dev.twinstack.lambdalocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Lambda's error document, {@code {"errorType","errorMessage"}} (a runtime may add more, such as {@code stackTrace}):
 * what a runtime posts on {@code /invocation/{id}/error} and {@code /init/error}, what Invoke returns for a failed
 * invocation, and what the Runtime API answers a call it refuses with.
 */
record ErrorDocument(String errorType, String errorMessage) {

    /** The type Lambda reports for an error whose runtime named none. */
    static final String UNHANDLED = "Unhandled";

    /** What a runtime posted, read leniently: a body that is no JSON object is taken as the message itself. */
    static ErrorDocument read(byte[] body) {
        try {
            ErrorDocument document = Json.MAPPER.readValue(body, ErrorDocument.class);
            if (document != null) {
                return document;
            }
        } catch (IOException e) {
            // not a JSON object: the body is the message
        }
        return new ErrorDocument(null, new String(body, StandardCharsets.UTF_8));
    }

    byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error type a runtime reports: its Lambda-Runtime-Function-Error-Type header, else the document's own. */
    String reportedType(String header) {
        if (header != null && !header.isBlank()) {
            return header;
        }
        return errorType == null || errorType.isBlank() ? UNHANDLED : errorType;
    }

    /** The message, empty when the document has none. */
    String message() {
        return errorMessage == null ? "" : errorMessage;
    }

    /**
     * The cause an invocation record keeps: the reported type, then the document's own type (the exception class for
     * Java) when it differs, then the message.
     */
    String cause(String reportedType) {
        if (errorType != null && !errorType.equals(reportedType)) {
            return reportedType + ": " + errorType + ": " + message();
        }
        return reportedType + ": " + message();
    }
}
