package dev.geocdn.cache.eviction;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Helpers for the eviction tests: a value that weighs what it says, and looking without touching. */
final class Stores {

    /** A value that weighs what it says, so heavy values cost no memory. */
    record Item(String tag, long weight) {
    }

    static final Weigher<Item> WEIGHER = Item::weight;

    private Stores() {
    }

    static BoundedStore<String, Item> create(String policy, long maximumWeight) {
        return EvictionPolicies.byName(policy).create(maximumWeight, WEIGHER);
    }

    /** Puts {@code keys}, each weighing {@code weight}, tagged with their key. */
    static void putAll(BoundedStore<String, Item> store, long weight, String... keys) {
        for (String key : keys) {
            store.put(key, new Item(key, weight));
        }
    }

    /** Gets each key {@code times} times. */
    static void hit(BoundedStore<String, Item> store, int times, String... keys) {
        for (String key : keys) {
            for (int i = 0; i < times; i++) {
                store.get(key);
            }
        }
    }

    /**
     * The stored entries, read through {@code removeIf} with a filter that removes nothing: unlike
     * {@code get}, it records no access, so the policy's state is left as it was.
     */
    static <K, V> Map<K, V> entries(BoundedStore<K, V> store) {
        Map<K, V> seen = new HashMap<>();
        store.removeIf((k, v) -> {
            seen.put(k, v);
            return false;
        });
        return seen;
    }

    /** The stored keys, sorted, without recording accesses. */
    static Set<String> keys(BoundedStore<String, ?> store) {
        return new TreeSet<>(entries(store).keySet());
    }

    /** Keys {@code prefix + from} .. {@code prefix + (to - 1)}. */
    static String[] range(String prefix, int from, int to) {
        String[] keys = new String[to - from];
        for (int i = from; i < to; i++) {
            keys[i - from] = prefix + i;
        }
        return keys;
    }
}
