package dev.twinstack.results;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an error response's body leaks the service's internals to its client: an exception's name, a stack frame,
 * SQL or a SQL state. The service's own errors are problem details in plain words (a 500 names only a reference to its
 * log); anything of the kinds below means an error escaped that mapping, from the service or from a layer in front.
 */
public final class ErrorBodies {

    /** A kind of internal detail and how to recognise it. */
    private record Rule(String kind, Pattern pattern) {}

    private static final List<Rule> RULES = List.of(
            new Rule(
                    "a stack frame",
                    // Also escaped inside JSON, where a frame's leading tab is the two characters \t.
                    Pattern.compile(
                            "(?:\\b|(?<=\\\\t))at [\\w$]+(?:\\.[\\w$<>]+)+\\((?:[\\w$]+\\.(?:java|kt|scala):\\d+"
                                    + "|Native Method|Unknown Source)\\)|\\bCaused by: [\\w$.]+|\\.\\.\\. \\d+ more\\b")),
            new Rule(
                    "an exception",
                    // Qualified (java.lang.IllegalStateException) or one word (NullPointerException, OutOfMemoryError):
                    // "Internal Server Error" is words, not a class.
                    Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][A-Za-z0-9$]+(?:Exception|Error)\\b")),
            new Rule(
                    "a SQL state",
                    Pattern.compile(
                            "(?i)\\bSQL ?state\\b|\\bERROR: [a-z]|violates (?:unique|foreign key|not-null|check)"
                                    + " constraint|\\brelation \"[^\"]+\" does not exist")),
            new Rule(
                    "SQL",
                    Pattern.compile(
                            "(?i)\\b(?:insert into|delete from|select\\s+(?:[\\w.*]+\\s*,\\s*)*[\\w.*]+\\s+from)\\s+\\w+")));

    private static final int EXCERPT = 80;

    private ErrorBodies() {}

    /**
     * What the body leaks, the first kind found with the text that matched ({@code an exception
     * (org.hibernate.exception.JDBCConnectionException)}); empty when it leaks nothing of the kinds above.
     */
    public static Optional<String> leak(String body) {
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(body);
            if (m.find()) {
                String found = m.group().strip();
                if (found.length() > EXCERPT) {
                    found = found.substring(0, EXCERPT) + "...";
                }
                return Optional.of(rule.kind() + " (" + found + ")");
            }
        }
        return Optional.empty();
    }
}
