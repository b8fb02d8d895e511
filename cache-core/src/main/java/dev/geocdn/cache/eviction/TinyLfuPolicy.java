package dev.geocdn.cache.eviction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * Window TinyLFU by weight, from Caffeine [1]: a small LRU window in front of a segmented LRU
 * main space, admission decided by a count-min frequency sketch.
 *
 * <p>Caffeine normally runs its maintenance (which evicts) on a pool; here it runs on the
 * writing thread, so the byte bound holds as soon as a write returns.
 *
 * <p>[1] Einziger, Friedman, Manes: TinyLFU: A Highly Efficient Cache Admission Policy (2017).
 */
final class TinyLfuPolicy implements EvictionPolicy {

    @Override
    public String name() {
        return "w-tinylfu";
    }

    @Override
    public <K, V> BoundedStore<K, V> create(long maximumWeight, Weigher<? super V> weigher,
                                            RemovalListener<? super K, ? super V> listener) {
        return new Store<>(maximumWeight, weigher, listener);
    }

    private static final class Store<K, V> implements BoundedStore<K, V> {
        private final Cache<K, V> cache;
        private final long maximumWeight;
        private final LongAdder evictions = new LongAdder();

        Store(long maximumWeight, Weigher<? super V> weigher, RemovalListener<? super K, ? super V> listener) {
            this.maximumWeight = maximumWeight;
            this.cache = Caffeine.newBuilder()
                    .maximumWeight(maximumWeight)
                    .weigher((K key, V value) -> (int) Math.min(Integer.MAX_VALUE, weigher.weigh(value)))
                    .executor(Runnable::run)
                    .removalListener((K key, V value, RemovalCause cause) -> {
                        if (cause.wasEvicted()) {
                            evictions.increment();
                        }
                        if (key != null && value != null) {
                            listener.onRemoval(key, value);
                        }
                    })
                    .build();
        }

        @Override
        public V get(K key) {
            return cache.getIfPresent(key);
        }

        @Override
        public void put(K key, V value) {
            cache.put(key, value);
        }

        @Override
        public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
            return cache.asMap().compute(key, remapping);
        }

        @Override
        public V remove(K key) {
            return cache.asMap().remove(key);
        }

        @Override
        public long removeIf(BiPredicate<? super K, ? super V> filter) {
            long[] removed = {0};
            cache.asMap().entrySet().removeIf(e -> {
                boolean match = filter.test(e.getKey(), e.getValue());
                if (match) {
                    removed[0]++;
                }
                return match;
            });
            return removed[0];
        }

        @Override
        public long size() {
            cache.cleanUp();
            return cache.estimatedSize();
        }

        @Override
        public long weightedSize() {
            return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
        }

        @Override
        public long maximumWeight() {
            return maximumWeight;
        }

        @Override
        public long evictionCount() {
            return evictions.sum();
        }

        @Override
        public void clear() {
            cache.invalidateAll();
        }
    }
}
