package dev.geocdn.cache.eviction;

import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * A map bounded by the total weight (bytes) of its values, which forgets entries by an
 * eviction policy. This is the small interface that every policy implements and the response
 * cache is built on; the registry {@link EvictionPolicies} creates one by name.
 *
 * <p>Contract: after any write returns, {@link #weightedSize()} does not exceed
 * {@link #maximumWeight()}; a value heavier than the maximum is not kept. Implementations are
 * thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface BoundedStore<K, V> {

    /** The value for {@code key}, recording the access for the policy; null when absent. */
    V get(K key);

    /** Associates {@code value} with {@code key}. */
    void put(K key, V value);

    /**
     * Atomically recomputes the value for {@code key}; a null result removes it, and returning
     * the present value (the same instance) leaves it in place with no removal notified. The
     * function must be quick and must not touch this store.
     */
    V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping);

    /** Removes {@code key}; returns the old value or null. */
    V remove(K key);

    /** Removes every entry that {@code filter} accepts; returns how many. */
    long removeIf(BiPredicate<? super K, ? super V> filter);

    /** The number of entries. */
    long size();

    /** The total weight of the entries. */
    long weightedSize();

    /** The weight bound. */
    long maximumWeight();

    /** How many entries the policy has evicted to respect the bound. */
    long evictionCount();

    /** Removes everything. */
    void clear();
}
