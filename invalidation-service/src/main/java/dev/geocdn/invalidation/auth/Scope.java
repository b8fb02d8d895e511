package dev.geocdn.invalidation.auth;

/** What a token may do; configured by its lower-case name ({@code purge}, {@code read}). */
public enum Scope {
    /** Send purges ({@code POST /v1/purge}) and read their progress. */
    PURGE,
    /** Read progress ({@code GET /v1/purge/{id}}) only. */
    READ;

    /** Whether holding this scope allows what {@code needed} allows. */
    public boolean covers(Scope needed) {
        return this == needed || (this == PURGE && needed == READ);
    }

    /** The name configuration and {@code WWW-Authenticate} use. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
