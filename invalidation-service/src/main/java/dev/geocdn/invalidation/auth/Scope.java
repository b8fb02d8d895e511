package dev.geocdn.invalidation.auth;

/** What a token may do; configured by its lower-case name ({@code purge}, {@code warm}, {@code read}). */
public enum Scope {
    /** Send purges ({@code POST /v1/purge}) and read progress. */
    PURGE,
    /** Start warming jobs ({@code POST /v1/warm}) and read progress. */
    WARM,
    /** Read progress ({@code GET /v1/purge/{id}}, {@code GET /v1/warm/{id}}) only. */
    READ;

    /** Whether holding this scope allows what {@code needed} allows. */
    public boolean covers(Scope needed) {
        return this == needed || needed == READ;
    }

    /** The name configuration and {@code WWW-Authenticate} use. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What the scope allows, for refusals: "may not ...". */
    public String action() {
        return switch (this) {
            case PURGE -> "purge";
            case WARM -> "start warming jobs";
            case READ -> "read progress";
        };
    }
}
