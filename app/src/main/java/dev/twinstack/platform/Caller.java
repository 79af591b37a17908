package dev.twinstack.platform;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent the request: a token's subject ({@code sub}) and its scopes. {@link #ANONYMOUS} in auth mode {@code none},
 * where nothing is owned.
 */
public record Caller(String subject, Set<String> scopes) {

    public static final Caller ANONYMOUS = new Caller(null, Set.of());

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller from a space-separated {@code scope} claim (RFC 8693), as tokens and HTTP API's mapping carry it. */
    public static Caller of(String subject, String scope) {
        return new Caller(
                subject,
                scope == null
                        ? Set.of()
                        : Arrays.stream(scope.trim().split("\\s+"))
                                .filter(s -> !s.isEmpty())
                                .collect(Collectors.toSet()));
    }

    public boolean anonymous() {
        return subject == null;
    }

    /** The caller's name for the rows it owns: {@code ''} for the anonymous caller. */
    public String owner() {
        return anonymous() ? "" : subject;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
