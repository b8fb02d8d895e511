package dev.geocdn.cache.eviction;

/**
 * Told of every value that leaves a store: evicted, replaced, removed or cleared. Called on the
 * writing thread once the value is no longer reachable through the store, so an owner can free
 * what the value holds (off-heap bodies). It must be quick and must not touch the store.
 */
@FunctionalInterface
public interface RemovalListener<K, V> {

    /** A listener that does nothing. */
    static <K, V> RemovalListener<K, V> none() {
        return (key, value) -> { };
    }

    /** {@code value}, stored under {@code key}, has left the store. */
    void onRemoval(K key, V value);
}
