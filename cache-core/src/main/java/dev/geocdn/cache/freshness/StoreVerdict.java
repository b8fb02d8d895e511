package dev.geocdn.cache.freshness;

/**
 * Whether a response may be stored, and why (RFC 9111 section 3).
 *
 * @param storable whether it may be stored
 * @param reason   a short token for logs, metrics and the Cache-Status detail
 */
public record StoreVerdict(boolean storable, String reason) {

    /** Storable. */
    public static StoreVerdict store(String reason) {
        return new StoreVerdict(true, reason);
    }

    /** Not storable. */
    public static StoreVerdict dontStore(String reason) {
        return new StoreVerdict(false, reason);
    }
}
