package dev.twinstack.platform;

/** Where the caller's identity comes from ({@code twinstack.auth.mode}); see docs/security.md. */
public enum AuthMode {
    /** No caller: every request is served, no data is owned. Local runs and the lab only. */
    NONE,
    /** The gateway verified the token; the caller comes from its authorizer's claims. */
    GATEWAY,
    /** The app verifies bearer tokens itself. */
    JWT
}
