package dev.geocdn.cache.store;

/**
 * The result of looking a request up in the cache.
 *
 * @param response the matching stored response, or null on a miss
 * @param miss     why nothing matched, when {@code response} is null
 */
public record Lookup(StoredResponse response, Miss miss) {

    /** Why a lookup found nothing, in the vocabulary of RFC 9211 section 2.2 ({@code fwd=}). */
    public enum Miss {
        /** Nothing stored for the URL. */
        URI_MISS,
        /** Responses stored for the URL, but none for this request's Vary values. */
        VARY_MISS
    }

    /** Whether a stored response matched. */
    public boolean isHit() {
        return response != null;
    }

    static Lookup hit(StoredResponse response) {
        return new Lookup(response, null);
    }

    static Lookup miss(Miss miss) {
        return new Lookup(null, miss);
    }
}
