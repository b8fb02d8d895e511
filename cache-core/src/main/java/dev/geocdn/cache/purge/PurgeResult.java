package dev.geocdn.cache.purge;

/**
 * What a purge did on this node, for its acknowledgement and metrics.
 *
 * @param urls     primary keys with at least one variant removed or marked stale
 * @param variants variants removed or marked stale
 */
public record PurgeResult(long urls, long variants) {

    /** Nothing reached. */
    public static final PurgeResult NONE = new PurgeResult(0, 0);

    /** This result and {@code other} together. */
    public PurgeResult plus(PurgeResult other) {
        return new PurgeResult(urls + other.urls, variants + other.variants);
    }
}
