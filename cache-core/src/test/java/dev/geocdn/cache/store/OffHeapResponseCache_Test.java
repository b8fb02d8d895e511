package dev.geocdn.cache.store;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.memory.SlabAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Off-heap bodies in the response cache, under every eviction policy: the store holds one
 * reference per stored body and gives it back when the entry leaves, so off-heap memory
 * follows the byte bound and returns to zero when the cache is emptied.
 */
class OffHeapResponseCache_Test {

    static Set<String> policies() {
        return EvictionPolicies.names();
    }

    private static final long NOW = 1_700_000_000_000L;

    private static StoredResponse response(Body body) {
        return StoredResponses.create(Headers.EMPTY, 200, Headers.of("Cache-Control", "max-age=60"), body, NOW, NOW,
                CacheRules.defaults());
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @MethodSource("policies")
    void evictedReplacedAndClearedBodies_giveTheirMemoryBack(String policy) {
        try (SlabAllocator allocator = new SlabAllocator(8L << 20)) {
            ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 200_000, 100_000);
            for (int i = 0; i < 60; i++) {
                Body body = allocator.copyOf(Body.of(bytes(10_000, i)));
                cache.store("k" + (i % 40), response(body));
                body.release(); // the caller's reference; the cache keeps its own
                assertThat(allocator.stats().allocatedBytes()).isLessThanOrEqualTo(cache.storedBytes());
            }
            Lookup last = cache.lookup("k19", Headers.EMPTY);
            if (last.isHit()) {
                assertThat(last.response().body().toByteArray()).isEqualTo(bytes(10_000, 59));
            }
            cache.invalidate("k19");
            cache.clear();
            assertThat(allocator.stats().allocatedBytes()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void aBodyBeingSent_survivesItsEviction_untilTheReaderReleasesIt(String policy) {
        try (SlabAllocator allocator = new SlabAllocator(8L << 20)) {
            ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 100_000, 100_000);
            Body body = allocator.copyOf(Body.of(bytes(20_000, 7)));
            cache.store("k", response(body));
            body.release();
            Body stored = cache.lookup("k", Headers.EMPTY).response().body();
            assertThat(stored.retain()).isTrue(); // a reader starts sending it

            cache.invalidate("k");

            assertThat(stored.toByteArray()).isEqualTo(bytes(20_000, 7));
            stored.release();
            assertThat(allocator.stats().allocatedBytes()).isZero();
            assertThat(stored.retain()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void aStreamingBodyFilledOffHeap_isStoredWhole_andAFailedOneFreesItsMemory(String policy) {
        try (SlabAllocator allocator = new SlabAllocator(8L << 20)) {
            ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1_000_000, 1_000_000);
            byte[] content = bytes(150_000, 3);
            StreamingBody filling = new StreamingBody(allocator.allocate(content.length));
            for (int offset = 0; offset < content.length; offset += 8192) {
                filling.append(ByteBuffer.wrap(content, offset, Math.min(8192, content.length - offset)));
            }
            filling.complete();
            Body complete = filling.toBody();
            cache.store("k", response(complete));
            complete.release();
            assertThat(cache.lookup("k", Headers.EMPTY).response().body().toByteArray()).isEqualTo(content);

            StreamingBody failing = new StreamingBody(allocator.allocate(50_000));
            failing.append(ByteBuffer.wrap(bytes(10_000, 4)));
            failing.fail(new IllegalStateException("origin went away"));
            cache.clear();
            assertThat(allocator.stats().allocatedBytes()).isZero();
        }
    }
}
