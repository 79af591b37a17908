package dev.twinstack.lambdalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lambda's error documents, written and read with Jackson. */
class ErrorDocumentTest {

    @Test
    void writesAnyTextAsValidJson() {
        var document = new ErrorDocument("NotFound", "/invocation/\"x\"\\y\n");

        String json = new String(document.toJson(), StandardCharsets.UTF_8);

        assertEquals("{\"errorType\":\"NotFound\",\"errorMessage\":\"/invocation/\\\"x\\\"\\\\y\\n\"}", json);
        assertEquals(document, ErrorDocument.read(document.toJson()));
    }

    @Test
    void readsWhatTheRuntimeInterfaceClientPostsIgnoringTheStackTrace() {
        byte[] posted =
                ("{\"errorMessage\":\"order service unavailable\",\"errorType\":\"java.lang.IllegalStateException\","
                                + "\"stackTrace\":[\"dev.twinstack.Probe.handle(Probe.java:1)\"]}")
                        .getBytes(StandardCharsets.UTF_8);

        var document = ErrorDocument.read(posted);

        assertEquals("java.lang.IllegalStateException", document.errorType());
        assertEquals("order service unavailable", document.errorMessage());
    }

    @Test
    void takesABodyThatIsNoJsonObjectAsTheMessage() {
        var document = ErrorDocument.read("segfault".getBytes(StandardCharsets.UTF_8));

        assertNull(document.errorType());
        assertEquals("segfault", document.message());
        assertEquals("Unhandled", document.reportedType(null));
        assertEquals("Unhandled: segfault", document.cause("Unhandled"));
    }

    @Test
    void reportsTheHeadersTypeThenTheDocumentsOwnWhenTheyDiffer() {
        var document = new ErrorDocument("java.lang.ClassNotFoundException", "Class not found: x.Missing");

        String type = document.reportedType("Runtime.BadFunctionCode");

        assertEquals("Runtime.BadFunctionCode", type);
        assertEquals(
                "Runtime.BadFunctionCode: java.lang.ClassNotFoundException: Class not found: x.Missing",
                document.cause(type));
        assertEquals("java.lang.ClassNotFoundException", document.reportedType(" "));
        assertEquals(
                "java.lang.ClassNotFoundException: Class not found: x.Missing",
                document.cause(document.reportedType(null)));
    }
}
