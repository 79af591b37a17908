package dev.twinstack.platform;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data looked up through a query parameter ({@code GET /api/users?email=}) stays out of traces: the server
 * span's {@code url.query} keeps the parameter's name, not its value. The HTTP instrumentation sets the attribute when
 * the span starts, so it is replaced before anything can export it.
 */
@ApplicationScoped
public class QueryRedaction implements SpanProcessor {

    public static final String REDACTED = "REDACTED";
    static final Set<String> PERSONAL = Set.of("email");
    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final Pattern PARAMETER = Pattern.compile("(^|&)([^=&]*)=([^&]*)");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null) {
            span.setAttribute(URL_QUERY, redact(query));
        }
    }

    static String redact(String query) {
        Matcher parameter = PARAMETER.matcher(query);
        StringBuilder redacted = new StringBuilder();
        while (parameter.find()) {
            String value = isPersonal(parameter.group(2)) ? REDACTED : parameter.group(3);
            parameter.appendReplacement(
                    redacted, Matcher.quoteReplacement(parameter.group(1) + parameter.group(2) + "=" + value));
        }
        return parameter.appendTail(redacted).toString();
    }

    /** By its decoded name, as the application reads it ({@code %65mail} is {@code email}); undecodable: redacted. */
    private static boolean isPersonal(String name) {
        try {
            return PERSONAL.contains(URLDecoder.decode(name, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
