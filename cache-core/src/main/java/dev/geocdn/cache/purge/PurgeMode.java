package dev.geocdn.cache.purge;

/** How a purge treats what it reaches. */
public enum PurgeMode {

    /** Removes it: the next request is a miss and goes to the origin. */
    HARD,

    /**
     * Keeps it, marked stale (its freshness lifetime set to zero): the next request revalidates
     * it, and may be served the stale copy meanwhile where RFC 5861 allows
     * ({@code stale-while-revalidate}, {@code stale-if-error}), which spares the origin a
     * stampede of full fetches after a wide purge.
     */
    SOFT
}
