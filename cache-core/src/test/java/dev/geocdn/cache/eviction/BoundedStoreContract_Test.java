package dev.geocdn.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link BoundedStore}, run against every policy in {@link EvictionPolicies}: a
 * policy registered there (LRU, S3-FIFO, SIEVE, ...) is tested here without further code.
 */
@DisplayName("BoundedStore contract, for every registered eviction policy")
class BoundedStoreContract_Test {

    /** A value that weighs what it says, so heavy values cost no memory. */
    record Item(String tag, long weight) {
    }

    private static final Weigher<Item> WEIGHER = Item::weight;

    static Stream<String> policies() {
        return EvictionPolicies.names().stream();
    }

    private static BoundedStore<String, Item> store(String policy, long maximumWeight) {
        return EvictionPolicies.byName(policy).create(maximumWeight, WEIGHER);
    }

    @ParameterizedTest(name = "{0}: a new store is empty and reports its bound")
    @MethodSource("policies")
    void newStore_isEmpty(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        assertThat(store.size()).isZero();
        assertThat(store.weightedSize()).isZero();
        assertThat(store.maximumWeight()).isEqualTo(1000);
        assertThat(store.evictionCount()).isZero();
        assertThat(store.get("absent")).isNull();
    }

    @ParameterizedTest(name = "{0}: put then get, put replaces")
    @MethodSource("policies")
    void put_thenGet_andReplace(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        store.put("a", new Item("a1", 10));
        store.put("b", new Item("b1", 20));
        assertThat(store.get("a")).isEqualTo(new Item("a1", 10));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.weightedSize()).isEqualTo(30);

        store.put("a", new Item("a2", 50));
        assertThat(store.get("a")).isEqualTo(new Item("a2", 50));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.weightedSize()).isEqualTo(70);
    }

    @ParameterizedTest(name = "{0}: remove returns the old value once")
    @MethodSource("policies")
    void remove_returnsOldValueOnce(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        store.put("a", new Item("a", 10));
        assertThat(store.remove("a")).isEqualTo(new Item("a", 10));
        assertThat(store.remove("a")).isNull();
        assertThat(store.get("a")).isNull();
        assertThat(store.weightedSize()).isZero();
        assertThat(store.evictionCount()).as("a removal is not an eviction").isZero();
    }

    @ParameterizedTest(name = "{0}: compute creates, updates and removes atomically")
    @MethodSource("policies")
    void compute_createsUpdatesAndRemoves(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        assertThat(store.compute("k", (k, old) -> {
            assertThat(old).isNull();
            return new Item(k + "1", 10);
        })).isEqualTo(new Item("k1", 10));

        assertThat(store.compute("k", (k, old) -> new Item(old.tag() + "+", old.weight() + 5)))
                .isEqualTo(new Item("k1+", 15));
        assertThat(store.get("k")).isEqualTo(new Item("k1+", 15));
        assertThat(store.weightedSize()).isEqualTo(15);

        assertThat(store.compute("k", (k, old) -> null)).isNull();
        assertThat(store.get("k")).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.compute("absent", (k, old) -> null)).isNull();
        assertThat(store.size()).isZero();
    }

    @ParameterizedTest(name = "{0}: compute returning the present value is no write: no removal is notified")
    @MethodSource("policies")
    void compute_returningThePresentValue_notifiesNoRemoval(String policy) {
        List<Item> removed = new ArrayList<>();
        BoundedStore<String, Item> store = EvictionPolicies.byName(policy)
                .create(1000, WEIGHER, (RemovalListener<String, Item>) (k, v) -> removed.add(v));
        Item item = new Item("a", 10);
        store.put("a", item);

        assertThat(store.compute("a", (k, old) -> old)).isSameAs(item);
        assertThat(store.compute("absent", (k, old) -> old)).isNull();

        assertThat(removed).as("the response cache refuses a store this way and must not release the kept value")
                .isEmpty();
        assertThat(store.get("a")).isSameAs(item);
        assertThat(store.size()).isEqualTo(1);
        Item replacement = new Item("a2", 10);
        store.compute("a", (k, old) -> replacement);
        assertThat(removed).containsExactly(item);
    }

    @ParameterizedTest(name = "{0}: removeIf removes exactly the accepted entries")
    @MethodSource("policies")
    void removeIf_removesAcceptedEntries(String policy) {
        BoundedStore<String, Item> store = store(policy, 10_000);
        for (int i = 0; i < 10; i++) {
            store.put("k" + i, new Item(i % 2 == 0 ? "even" : "odd", 10));
        }
        assertThat(store.removeIf((k, v) -> v.tag().equals("even"))).isEqualTo(5);
        assertThat(store.size()).isEqualTo(5);
        assertThat(store.weightedSize()).isEqualTo(50);
        for (int i = 0; i < 10; i++) {
            assertThat(store.get("k" + i)).as("k" + i).isEqualTo(i % 2 == 0 ? null : new Item("odd", 10));
        }
        assertThat(store.removeIf((k, v) -> false)).isZero();
        assertThat(store.removeIf((k, v) -> k.equals("k1"))).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}: clear empties the store")
    @MethodSource("policies")
    void clear_emptiesTheStore(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        store.put("a", new Item("a", 10));
        store.put("b", new Item("b", 10));
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(store.weightedSize()).isZero();
        assertThat(store.get("a")).isNull();
    }

    @ParameterizedTest(name = "{0}: the byte bound holds after every write of a random workload")
    @MethodSource("policies")
    void bound_holdsAfterEveryWrite(String policy) {
        long max = 100_000;
        BoundedStore<String, Item> store = store(policy, max);
        Random random = new Random(9111);
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + random.nextInt(1_000);
            long weight = 1 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 2_000);
            switch (random.nextInt(10)) {
                case 0 -> store.compute(key, (k, old) -> new Item(k, old == null ? weight : old.weight() + weight));
                case 1 -> store.remove(key);
                default -> store.put(key, new Item(key, weight));
            }
            assertThat(store.weightedSize()).as("after write %d", i).isLessThanOrEqualTo(max);
        }
        assertThat(store.evictionCount()).isPositive();
        assertThat(store.size()).isPositive();
    }

    @ParameterizedTest(name = "{0}: a value heavier than the bound is not kept")
    @MethodSource("policies")
    void oversizeValue_isNotKept(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        store.put("small", new Item("small", 100));
        store.put("huge", new Item("huge", 1001));
        assertThat(store.get("huge")).isNull();
        assertThat(store.weightedSize()).isLessThanOrEqualTo(1000);

        store.compute("huge2", (k, old) -> new Item(k, 5000));
        assertThat(store.get("huge2")).isNull();

        store.put("small", new Item("grown", 2000));
        assertThat(store.get("small")).as("a replacement heavier than the bound").isNull();
        assertThat(store.weightedSize()).isLessThanOrEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}: a value exactly at the bound may be kept")
    @MethodSource("policies")
    void valueAtTheBound_fits(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        store.put("exact", new Item("exact", 1000));
        assertThat(store.weightedSize()).isLessThanOrEqualTo(1000);
        assertThat(store.get("exact")).isEqualTo(new Item("exact", 1000));
    }

    @ParameterizedTest(name = "{0}: evictionCount grows as the bound forces evictions")
    @MethodSource("policies")
    void evictionCount_grows(String policy) {
        BoundedStore<String, Item> store = store(policy, 1000);
        for (int i = 0; i < 10; i++) {
            store.put("fill" + i, new Item("f", 100));
        }
        long before = store.evictionCount();
        for (int i = 0; i < 50; i++) {
            store.put("more" + i, new Item("m", 100));
        }
        assertThat(store.evictionCount()).isGreaterThanOrEqualTo(before + 50);
        assertThat(store.size()).isLessThanOrEqualTo(10);
    }

    @ParameterizedTest(name = "{0}: concurrent writers keep the bound")
    @MethodSource("policies")
    @Timeout(60)
    void concurrentWriters_keepTheBound(String policy) throws Exception {
        long max = 200_000;
        BoundedStore<String, Item> store = store(policy, max);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10_000; i++) {
                        String key = "k" + random.nextInt(2_000);
                        Item item = new Item(key, 1 + random.nextInt(5_000));
                        if (i % 7 == 0) {
                            store.compute(key, (k, old) -> item);
                        } else {
                            store.put(key, item);
                        }
                        store.get("k" + random.nextInt(2_000));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.weightedSize()).isLessThanOrEqualTo(max);
        assertThat(store.evictionCount()).isPositive();
    }
}
