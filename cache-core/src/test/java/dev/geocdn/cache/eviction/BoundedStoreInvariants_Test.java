package dev.geocdn.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.Stores.Item;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random operations of random weights against every registered policy, checking after each one
 * what must always hold: the weighted size is the sum of the weights of the entries present,
 * and within the bound; a present key maps to the last value written for it; the eviction count
 * never goes down.
 */
@DisplayName("BoundedStore invariants under random operations, for every registered policy")
class BoundedStoreInvariants_Test {

    static Stream<Arguments> policiesAndSeeds() {
        return EvictionPolicies.names().stream()
                .flatMap(policy -> Stream.of(1L, 7L, 2024L).map(seed -> Arguments.of(policy, seed)));
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("policiesAndSeeds")
    void invariants_holdAfterEveryOperation(String policy, long seed) {
        long max = 10_000;
        BoundedStore<String, Item> store = Stores.create(policy, max);
        Random random = new Random(seed);
        Map<String, Item> lastWritten = new HashMap<>();
        long evictions = 0;
        for (int op = 0; op < 4_000; op++) {
            String key = "k" + random.nextInt(60);
            Item item = new Item(key + "#" + op, weight(random, max));
            int choice = random.nextInt(100);
            if (choice < 35) {
                Item got = store.get(key);
                if (got != null) {
                    assertThat(got).as("get %s at %d", key, op).isEqualTo(lastWritten.get(key));
                }
            } else if (choice < 70) {
                store.put(key, item);
                lastWritten.put(key, item);
            } else if (choice < 80) {
                Item removed = store.remove(key);
                if (removed != null) {
                    assertThat(removed).isEqualTo(lastWritten.get(key));
                }
                lastWritten.remove(key);
            } else if (choice < 97) {
                Item result = store.compute(key, (k, old) -> switch (random.nextInt(3)) {
                    case 0 -> null;
                    case 1 -> item;
                    default -> old == null ? item : new Item(old.tag() + "+", old.weight() + item.weight() / 3);
                });
                if (result == null) {
                    lastWritten.remove(key);
                } else {
                    lastWritten.put(key, result);
                }
            } else if (choice < 99) {
                int modulus = 2 + random.nextInt(5);
                store.removeIf((k, v) -> v.weight() % modulus == 0);
            } else {
                store.clear();
            }

            Map<String, Item> entries = Stores.entries(store);
            long sum = entries.values().stream().mapToLong(Item::weight).sum();
            assertThat(store.weightedSize()).as("weightedSize after op %d", op).isEqualTo(sum).isLessThanOrEqualTo(max);
            assertThat(store.size()).as("size after op %d", op).isEqualTo(entries.size());
            int done = op;
            entries.forEach((k, v) -> assertThat(v).as("value of %s after op %d", k, done).isEqualTo(lastWritten.get(k)));
            assertThat(store.evictionCount()).as("evictionCount after op %d", op).isGreaterThanOrEqualTo(evictions);
            evictions = store.evictionCount();
        }
        assertThat(evictions).as("the workload evicts").isGreaterThan(50);
    }

    /** Mostly small, sometimes none, sometimes the whole bound or more. */
    private static long weight(Random random, long max) {
        return switch (random.nextInt(25)) {
            case 0 -> 0;
            case 1 -> max;
            case 2 -> max + 1 + random.nextInt(1_000);
            case 3, 4 -> 1 + random.nextInt((int) max / 2);
            default -> 1 + random.nextInt((int) max / 20);
        };
    }

    static Stream<String> policies() {
        return EvictionPolicies.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @Timeout(60)
    void invariants_holdAfterConcurrentOperations(String policy) throws Exception {
        long max = 50_000;
        BoundedStore<String, Item> store = Stores.create(policy, max);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(100 + t);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        String key = "k" + random.nextInt(300);
                        Item item = new Item(key, 1 + random.nextInt(2_000));
                        switch (random.nextInt(20)) {
                            case 0 -> store.remove(key);
                            case 1 -> store.compute(key, (k, old) -> old == null ? item : null);
                            case 2 -> store.compute(key, (k, old) -> item);
                            case 3 -> {
                                if (i % 100 == 0) {
                                    store.removeIf((k, v) -> v.weight() % 97 == 0);
                                }
                            }
                            case 4, 5, 6, 7 -> store.put(key, item);
                            default -> {
                                Item got = store.get(key);
                                assertThat(got == null || got.tag().equals(key)).as("value stored under its key").isTrue();
                            }
                        }
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
        long size = store.size(); // also lets W-TinyLFU finish its pending maintenance
        Map<String, Item> entries = Stores.entries(store);
        assertThat(size).isEqualTo(entries.size());
        assertThat(store.weightedSize())
                .isEqualTo(entries.values().stream().mapToLong(Item::weight).sum())
                .isLessThanOrEqualTo(max);
        assertThat(store.evictionCount()).isPositive();
    }
}
