package dev.geocdn.cache.eviction;

/** The weight (bytes) of a value, fixed for as long as the value is stored. */
@FunctionalInterface
public interface Weigher<V> {

    /** A non-negative weight. */
    long weigh(V value);
}
