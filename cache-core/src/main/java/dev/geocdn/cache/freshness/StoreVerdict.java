package dev.geocdn.cache.freshness;

import java.util.Locale;

/**
 * Whether a response may be stored, and why (RFC 9111 section 3).
 *
 * @param storable whether it may be stored
 * @param reason   why; its {@link Reason#token()} goes to logs, metrics and the Cache-Status detail
 */
public record StoreVerdict(boolean storable, Reason reason) {

    /** Why a response may or may not be stored, each with the RFC 9111 rule behind it. */
    public enum Reason {
        /** Stored: explicit freshness (section 4.2.1). */
        EXPLICIT(true),
        /** Stored: heuristic freshness (section 4.2.2). */
        HEURISTIC(true),
        /** Not stored: the request method is not cacheable (section 3). */
        METHOD(false),
        /** Not stored: the status is not final or not understood (section 3). */
        STATUS(false),
        /** Not stored: no-store in the response or the request (sections 5.2.1.5, 5.2.2.5). */
        NO_STORE(false),
        /** Not stored: private (section 5.2.2.7). */
        PRIVATE(false),
        /** Not stored: a request with Authorization and no directive that allows sharing (section 3.5). */
        AUTHORIZATION(false),
        /** Not stored: Vary: * can never be selected (section 4.1). */
        VARY_STAR(false),
        /** Not stored: Set-Cookie, unless the node is configured to share them. */
        SET_COOKIE(false),
        /** Not stored: no explicit freshness and a status not cacheable by default (section 4.2.2). */
        STATUS_NOT_CACHEABLE(false),
        /** Not stored: no freshness at all and nothing to revalidate with. */
        NO_FRESHNESS_NO_VALIDATOR(false);

        private final boolean storable;
        private final String token;

        Reason(boolean storable) {
            this.storable = storable;
            this.token = name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The reason as a token: {@code no-freshness-no-validator}. */
        public String token() {
            return token;
        }
    }

    public StoreVerdict {
        if (storable != reason.storable) {
            throw new IllegalArgumentException(reason + " does not say " + (storable ? "store" : "don't store"));
        }
    }

    /** Storable. */
    public static StoreVerdict store(Reason reason) {
        return new StoreVerdict(true, reason);
    }

    /** Not storable. */
    public static StoreVerdict dontStore(Reason reason) {
        return new StoreVerdict(false, reason);
    }
}
