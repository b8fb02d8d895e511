package dev.geocdn.cache.store;

/**
 * What became of a response handed to {@link ResponseCache#store(String, StoredResponse, long)}.
 * Whatever the outcome, the caller keeps (and releases) its own reference on the body; only
 * {@link #STORED} makes the cache take one.
 */
public enum StoreOutcome {

    /** Handed to the store, which holds a reference on its body (and may still evict it at once, like any entry). */
    STORED,

    /** Not stored: the body is larger than the largest object the cache keeps. */
    TOO_LARGE,

    /**
     * Not stored: it carries more tags, or longer ones, than the purge index takes (see
     * {@code SurrogateKeys}), so a purge of one of its tags could miss it.
     */
    TAGS_OUT_OF_BOUNDS,

    /** Not stored: a purge at or after the fill's start covers its URL, a prefix of it, or one of its tags. */
    PURGED,

    /**
     * Not stored: a replica, and the cache holds a copy of the same variant filled at the same
     * time or later (the same version, or a newer one).
     */
    NEWER_HELD,

    /**
     * Not stored: the fill started at or before the tombstone floor, where a tombstone that has
     * since been forgotten may have covered it (see {@code Tombstones}).
     */
    BELOW_FLOOR
}
