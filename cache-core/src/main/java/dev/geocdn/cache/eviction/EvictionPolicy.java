package dev.geocdn.cache.eviction;

/**
 * A named way to build a {@link BoundedStore}; the name is what {@code cdn.cache.policy} takes.
 */
public interface EvictionPolicy {

    /** The configuration name, e.g. {@code w-tinylfu}. */
    String name();

    /** A new, empty store bounded by {@code maximumWeight}. */
    default <K, V> BoundedStore<K, V> create(long maximumWeight, Weigher<? super V> weigher) {
        return create(maximumWeight, weigher, RemovalListener.none());
    }

    /** A new, empty store bounded by {@code maximumWeight} that tells {@code listener} of every value that leaves it. */
    <K, V> BoundedStore<K, V> create(long maximumWeight, Weigher<? super V> weigher,
                                     RemovalListener<? super K, ? super V> listener);
}
