package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.assertIndexMatchesStore;
import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.memory.SlabAllocator;
import dev.geocdn.cache.purge.PurgeIndex;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The purge index against the store, for every eviction policy: whatever takes an entry out of
 * the store (eviction, invalidation, replacement by a variant with other tags, a purge, clear)
 * takes it out of the index, and every stored key is indexed under its variants' tags; alone,
 * under random operations, and under concurrent writers with eviction.
 */
@DisplayName("Purge index follows the store, for every eviction policy")
class PurgeIndexFollowsStore_Test {

    static Stream<String> policies() {
        return PurgeFixtures.policies();
    }

    @ParameterizedTest(name = "{0}: evicted entries leave the index")
    @MethodSource("policies")
    void evictedEntries_leaveTheIndex(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 20_000, 10_000);
        for (int i = 0; i < 200; i++) {
            cache.store("https://a.example/" + i, tagged("x".repeat(500), "all t" + (i % 7)), 1);
        }

        assertThat(cache.evictionCount()).isPositive();
        assertIndexMatchesStore(cache);
        long held = cache.entries().size();
        assertThat(cache.purge(new PurgeTarget.Tag("all"), PurgeMode.HARD, 2).urls()).isEqualTo(held);
        assertThat(cache.objectCount()).isZero();
    }

    @ParameterizedTest(name = "{0}: invalidated, cleared and never-admitted entries leave the index")
    @MethodSource("policies")
    void invalidatedClearedAndUnadmittedEntries_leaveTheIndex(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 5_000, 100_000);
        cache.store("https://a.example/1", tagged("a", "t1"), 1);
        cache.store("https://a.example/2", tagged("b", "t1 t2"), 1);

        assertThat(cache.invalidate("https://a.example/1")).isTrue();
        assertIndexMatchesStore(cache);
        assertThat(cache.index().keysWithTag("t1")).containsExactly("https://a.example/2");

        cache.store("https://a.example/huge", tagged("h".repeat(10_000), "t3"), 1);
        assertThat(cache.lookup("https://a.example/huge", Headers.EMPTY).isHit()).isFalse();
        assertIndexMatchesStore(cache);

        cache.clear();
        assertThat(cache.index().size()).isZero();
        assertIndexMatchesStore(cache);
    }

    @ParameterizedTest(name = "{0}: a variant replaced by one with other tags moves the URL between tags")
    @MethodSource("policies")
    void aVariantReplacedWithOtherTags_movesTheUrlBetweenTags(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16);
        String url = "https://a.example/p";
        cache.store(url, tagged("v1", "old shared"), 1);
        cache.store(url, tagged("v2", "new shared"), 2);

        assertIndexMatchesStore(cache);
        assertThat(cache.purge(new PurgeTarget.Tag("old"), PurgeMode.HARD, 3).urls()).isZero();
        assertThat(cache.lookup(url, Headers.EMPTY).isHit()).isTrue();
        assertThat(cache.purge(new PurgeTarget.Tag("new"), PurgeMode.HARD, 4).urls()).isEqualTo(1);
        assertThat(cache.lookup(url, Headers.EMPTY).isHit()).isFalse();
        assertIndexMatchesStore(cache);
    }

    @ParameterizedTest(name = "{0}: index memory is charged to the store with the entry")
    @MethodSource("policies")
    void indexMemory_isChargedWithTheEntry(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16);
        StoredResponse untagged = tagged("body", "");
        StoredResponse taggedResponse = tagged("body", "product-1 category");

        assertThat(taggedResponse.weight() - untagged.weight()).isEqualTo(
                taggedResponse.headers().byteSize() - untagged.headers().byteSize()
                        + PurgeIndex.tagEntryBytes(Set.of("product-1", "category")));
        assertThat(untagged.weight()).isGreaterThanOrEqualTo(PurgeIndex.KEY_ENTRY_BYTES);
        cache.store("https://a.example/t", taggedResponse, 1);
        assertThat(cache.storedBytes()).isEqualTo(taggedResponse.weight());
    }

    @ParameterizedTest(name = "{0}: random stores, invalidations and purges with eviction keep the index exact")
    @MethodSource("policies")
    void randomOperationsWithEviction_keepTheIndexExact(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 40_000, 8_000);
        Random random = new Random(9111);
        long clock = 0;
        for (int op = 0; op < 2_000; op++) {
            String url = "https://a.example/" + "abc".charAt(random.nextInt(3)) + "/" + random.nextInt(40);
            switch (random.nextInt(10)) {
                case 0 -> cache.invalidate(url);
                case 1 -> cache.purge(new PurgeTarget.Tag("t" + random.nextInt(6)), mode(random), ++clock);
                case 2 -> cache.purge(new PurgeTarget.Prefix("https://a.example/" + "abc".charAt(random.nextInt(3))),
                        mode(random), ++clock);
                case 3 -> cache.lookup(url, Headers.EMPTY);
                default -> cache.store(url, PurgeFixtures.variant("x".repeat(random.nextInt(3_000)), tags(random),
                        random.nextBoolean() ? "gzip" : "br"), ++clock);
            }
            assertIndexMatchesStore(cache);
        }
        assertThat(cache.evictionCount()).isPositive();
    }

    @ParameterizedTest(name = "{0}: concurrent writers, purges and eviction: the index matches the store at rest, bodies freed once")
    @MethodSource("policies")
    @Timeout(60)
    void concurrentWritersPurgesAndEviction_leaveTheIndexExact(String policy) throws Exception {
        try (SlabAllocator allocator = new SlabAllocator(16L << 20)) {
            ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 64 * 1024);
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 10; round++) {
                    runRound(cache, allocator, pool, threads, round);
                    assertIndexMatchesStore(cache);
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(cache.evictionCount()).isPositive();
            cache.clear();
            assertIndexMatchesStore(cache);
            assertThat(allocator.stats().allocatedBytes()).as("every body released exactly once").isZero();
        }
    }

    private static void runRound(ResponseCache cache, SlabAllocator allocator, ExecutorService pool, int threads,
                                 int round) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(round * 31L + t);
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1_000; i++) {
                    String url = "https://a.example/" + "ab".charAt(random.nextInt(2)) + "/" + random.nextInt(200);
                    int choice = random.nextInt(20);
                    if (choice == 0) {
                        cache.invalidate(url);
                    } else if (choice == 1) {
                        cache.purge(new PurgeTarget.Tag("t" + random.nextInt(6)), mode(random), i);
                    } else if (choice == 2) {
                        cache.purge(new PurgeTarget.Prefix("https://a.example/a/1"), mode(random), i);
                    } else if (choice < 6) {
                        Lookup lookup = cache.lookup(url, Headers.of("Accept-Encoding", "gzip"));
                        if (lookup.isHit() && lookup.response().body().retain()) {
                            lookup.response().body().release();
                        }
                    } else {
                        Body body = allocator.copyOf(Body.of(new byte[random.nextInt(16_000)]));
                        cache.store(url, PurgeFixtures.tagged(body, tags(random),
                                Headers.of("Accept-Encoding", random.nextBoolean() ? "gzip" : "br")), Long.MAX_VALUE - 1);
                        body.release();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    private static String tags(Random random) {
        StringBuilder tags = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.append(" t").append(random.nextInt(6));
        }
        return tags.toString();
    }

    private static PurgeMode mode(Random random) {
        return random.nextBoolean() ? PurgeMode.HARD : PurgeMode.SOFT;
    }
}
