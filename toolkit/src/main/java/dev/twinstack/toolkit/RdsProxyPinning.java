package dev.twinstack.toolkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client sends that would pin its RDS Proxy session to one database connection, by the rules AWS documents for
 * PostgreSQL ("Avoiding pinning an RDS Proxy", sections "Conditions that cause pinning for all engine families" and
 * "... for RDS for PostgreSQL":
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html#rds-proxy-pinning.postgres). The proxy
 * decides from the statements' text, so this does too: comments, string literals, quoted identifiers and dollar-quoted
 * bodies are blanked out first (the proxy does not see into stored routines either, as the page says), then each
 * statement of the text is matched.
 *
 * <p>One set of rules for every check of the project: the no-pinning test of the function (its statements as the
 * database logged them) and the lab's tap in front of the RDS Proxy stand-in (the statements as clients send them).
 */
public final class RdsProxyPinning {

    /** The documented conditions, one constant each. */
    public enum Reason {
        /** "Using SET commands"; "setting a parameter, or resetting a parameter to its default" (SET, RESET, set_config). */
        SESSION_PARAMETER("SET, RESET or set_config"),
        /** "PREPARE, DISCARD, DEALLOCATE, or EXECUTE commands to manage prepared statements"; a named protocol one too. */
        PREPARED_STATEMENT("a named prepared statement (PREPARE, EXECUTE, DEALLOCATE, or a named Parse)"),
        /** "Creating temporary sequences, tables, or views". */
        TEMPORARY_OBJECT("a temporary table, sequence or view"),
        /** "Declaring cursors". */
        CURSOR("DECLARE ... CURSOR"),
        /** "Discarding the session state". */
        DISCARD("DISCARD"),
        /** "Listening on a notification channel". */
        LISTEN("LISTEN"),
        /** "Loading a library module such as auto_explain". */
        LOAD_LIBRARY("LOAD of a library module"),
        /** "Manipulating sequences using functions such as nextval and setval". */
        SEQUENCE_FUNCTION("nextval, setval, currval or lastval"),
        /** "pg_advisory_lock and pg_try_advisory_lock" (the transaction-level ones do not pin). */
        ADVISORY_LOCK("a session-level advisory lock function"),
        /** "Any statement with a text size greater than 16 KB causes the proxy to pin the session." */
        STATEMENT_OVER_16_KB("a statement text over 16 KB");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** In words, for reports. */
        public String description() {
            return description;
        }
    }

    /** AWS's threshold: a statement text over this many bytes pins. */
    public static final int MAX_STATEMENT_BYTES = 16 * 1024;

    private static final Pattern SESSION_PARAMETER = Pattern.compile("^(SET|RESET)\\b|\\bSET_CONFIG\\s*\\(");
    private static final Pattern PREPARED_STATEMENT = Pattern.compile("^(PREPARE|EXECUTE|DEALLOCATE)\\b");
    private static final Pattern TEMPORARY_OBJECT =
            Pattern.compile("^CREATE\\s+(OR\\s+REPLACE\\s+)?((GLOBAL|LOCAL)\\s+)?(TEMP|TEMPORARY)\\s+(UNLOGGED\\s+)?"
                    + "(TABLE|SEQUENCE|VIEW|RECURSIVE\\s+VIEW)\\b"
                    + "|\\bINTO\\s+(TEMP|TEMPORARY)\\b");
    private static final Pattern CURSOR = Pattern.compile("^DECLARE\\b.*\\bCURSOR\\b", Pattern.DOTALL);
    private static final Pattern DISCARD = Pattern.compile("^DISCARD\\b");
    private static final Pattern LISTEN = Pattern.compile("^LISTEN\\b");
    private static final Pattern LOAD_LIBRARY = Pattern.compile("^LOAD\\b");
    private static final Pattern SEQUENCE_FUNCTION = Pattern.compile("\\b(NEXTVAL|SETVAL|CURRVAL|LASTVAL)\\s*\\(");
    /** Session-level only: {@code pg_advisory_xact_lock} and its kin do not pin. */
    private static final Pattern ADVISORY_LOCK =
            Pattern.compile("\\bPG_(TRY_)?ADVISORY_(LOCK|LOCK_SHARED|UNLOCK|UNLOCK_SHARED|UNLOCK_ALL)\\s*\\(");

    private RdsProxyPinning() {}

    /** The reasons a statement text would pin, sent as a simple query or through the extended protocol unnamed. */
    public static Set<Reason> ofStatement(String sql) {
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        if (sql.getBytes(StandardCharsets.UTF_8).length > MAX_STATEMENT_BYTES) {
            reasons.add(Reason.STATEMENT_OVER_16_KB);
        }
        for (String statement : statements(sql)) {
            match(statement, SESSION_PARAMETER, Reason.SESSION_PARAMETER, reasons);
            match(statement, PREPARED_STATEMENT, Reason.PREPARED_STATEMENT, reasons);
            match(statement, TEMPORARY_OBJECT, Reason.TEMPORARY_OBJECT, reasons);
            match(statement, CURSOR, Reason.CURSOR, reasons);
            match(statement, DISCARD, Reason.DISCARD, reasons);
            match(statement, LISTEN, Reason.LISTEN, reasons);
            match(statement, LOAD_LIBRARY, Reason.LOAD_LIBRARY, reasons);
            match(statement, SEQUENCE_FUNCTION, Reason.SEQUENCE_FUNCTION, reasons);
            match(statement, ADVISORY_LOCK, Reason.ADVISORY_LOCK, reasons);
        }
        return Collections.unmodifiableSet(reasons);
    }

    /**
     * The reasons a statement prepared through the extended protocol would pin: its text's, and a named statement
     * (one that outlives its transaction, as pgjdbc's {@code S_1} do from {@code prepareThreshold} on) pins as a
     * prepared statement does. The empty name is the unnamed statement.
     */
    public static Set<Reason> ofParse(String statementName, String sql) {
        if (statementName.isEmpty()) {
            return ofStatement(sql);
        }
        Set<Reason> reasons = EnumSet.of(Reason.PREPARED_STATEMENT);
        reasons.addAll(ofStatement(sql));
        return Collections.unmodifiableSet(reasons);
    }

    private static void match(String statement, Pattern pattern, Reason reason, Set<Reason> reasons) {
        if (pattern.matcher(statement).find()) {
            reasons.add(reason);
        }
    }

    /** The statements of a text, upper case, trimmed, with what a proxy does not read as SQL blanked out. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = sql.indexOf('\n', i);
                i = i < 0 ? n : i;
                current.append(' ');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
                current.append(' ');
            } else if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                i = endOfQuoted(sql, i, '\'', escapes);
                current.append("''");
            } else if (c == '"') {
                i = endOfQuoted(sql, i, '"', false);
                current.append("\"\"");
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
                current.append("$$");
            } else if (c == ';') {
                add(current, statements);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(current, statements);
        return statements;
    }

    private static void add(StringBuilder statement, List<String> statements) {
        String text = statement.toString().trim().toUpperCase(Locale.ROOT);
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }

    private static int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** Past the closing quote; a doubled quote is one quote, and with escapes a backslash escapes the next one. */
    private static int endOfQuoted(String sql, int start, char quote, boolean escapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** The dollar-quote tag starting at {@code i} ({@code $$} or {@code $name$}), or null if none starts there. */
    private static String dollarTag(String sql, int i) {
        // A $ right after an identifier character is part of it ($1 parameters are not tags either).
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return null;
        }
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$') {
            return sql.substring(i, j + 1);
        }
        return null;
    }
}
