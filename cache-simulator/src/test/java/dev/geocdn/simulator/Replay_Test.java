package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.eviction.EvictionPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Replay: the registered policies and Belady's optimum over traces")
class Replay_Test {

    static Stream<String> policies() {
        return EvictionPolicies.names().stream();
    }

    // ---- Belady, exact on hand-made traces -------------------------------------------------------------

    @Test
    void belady_unitSizes_handMade() {
        // Capacity 2 objects. Requests (index: object): 0:A 1:B 2:C 3:A 4:B 5:C 6:A
        // next uses:                                     A->3->6->none, B->4->none, C->5->none
        // 0 A miss, admit (next 3).        cache {A@3}
        // 1 B miss, admit (next 4).        cache {A@3, B@4}
        // 2 C miss, next 5 is further than every cached next use (3, 4): not admitted.
        // 3 A hit, next 6.                 cache {A@6, B@4}
        // 4 B hit, no next use: leaves.    cache {A@6}
        // 5 C miss, no next use: not admitted.
        // 6 A hit.
        // => 3 hits of 7 requests. (MIN without bypass, which must store every missed object, gets 2 here:
        //    C evicts B at 2, then B must evict A or C at 4.)
        CompactTrace trace = Traces.parse("A1 B1 C1 A B C A");
        Result r = Replay.belady(trace, "2", 2);
        assertThat(r.hits()).isEqualTo(3);
        assertThat(r.requests()).isEqualTo(7);
        assertThat(r.hitBytes()).isEqualTo(3);
        assertThat(r.bytes()).isEqualTo(7);
    }

    @Test
    void belady_variableSizes_handMade() {
        // Capacity 10 bytes; sizes A=6, B=4, C=5, D=3.
        // index:   0  1  2  3  4  5  6  7  8  9
        // object:  A  B  C  C  B  D  A  B  D  A
        // next:    6  4  3  -  7  8  9  -  -  -
        // 0 A miss, fits (free 10), admit.                         cache {A@6}        used 6
        // 1 B miss, fits (free 4), admit.                          cache {A@6, B@4}   used 10
        // 2 C miss (next 3), needs 5, free 0. Furthest cached is A@6, used after 3 and 6 bytes >= 5:
        //   evict A, admit C.                                      cache {B@4, C@3}   used 9
        // 3 C hit (5 bytes), no next use: leaves.                  cache {B@4}        used 4
        // 4 B hit (4 bytes), next 7.                               cache {B@7}        used 4
        // 5 D miss (next 8), fits (free 6), admit.                 cache {B@7, D@8}   used 7
        // 6 A miss (next 9), needs 6, free 3; furthest cached is D@8, needed before 9: making room
        //   would evict objects needed sooner than A, so A is not admitted.
        // 7 B hit (4 bytes), leaves.  8 D hit (3 bytes), leaves.  9 A miss, no next use.
        // => hits at 3, 4, 7, 8: 4 of 10 requests; 5+4+4+3 = 16 of 46 bytes.
        // The optimum in requests is also 4 (keeping A throughout leaves 4 bytes: at most B twice); the
        // byte optimum would be 20 (A twice, B twice): furthest-next-use does not weigh sizes.
        CompactTrace trace = Traces.parse("A6 B4 C5 C B D3 A B D A");
        assertThat(trace.catalogueBytes()).isEqualTo(18);
        assertThat(trace.totalBytes()).isEqualTo(46);
        assertThat(trace.nextAccess()).containsExactly(6, 4, 3, -1, 7, 8, 9, -1, -1, -1);
        Result r = Replay.belady(trace, "10B", 10);
        assertThat(r.hits()).isEqualTo(4);
        assertThat(r.hitBytes()).isEqualTo(16);
    }

    @Test
    void belady_neverAdmitsAnObjectLargerThanTheCache() {
        CompactTrace trace = Traces.parse("A11 A A B2 B");
        Result r = Replay.belady(trace, "10B", 10);
        assertThat(r.hits()).isEqualTo(1); // only B's second request
    }

    @Test
    void sizeChange_isANewVersion_thatMissesInEveryReplay() {
        // A is 5 bytes, then 7 bytes: the request at 2 cannot hit the 5-byte copy; 3 hits the 7-byte one.
        CompactTrace trace = Traces.parse("A5 A A7 A");
        assertThat(trace.nextAccess()).containsExactly(1, -1, 3, -1);
        assertThat(trace.catalogueBytes()).isEqualTo(7);
        assertThat(Replay.belady(trace, "100B", 100).hits()).isEqualTo(2);
        for (String name : EvictionPolicies.names()) {
            assertThat(Replay.online(EvictionPolicies.byName(name), trace, "100B", 100).hits()).as(name).isEqualTo(2);
        }
    }

    /**
     * With equal sizes, Belady with bypass is the optimum: compare with an exhaustive search over every
     * sequence of cache contents on small random traces.
     */
    @Test
    void belady_unitSizes_equalsExhaustiveOptimum() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 300; round++) {
            int objects = 2 + random.nextInt(5);
            int[] trace = random.ints(4 + random.nextInt(14), 0, objects).toArray();
            int capacity = 1 + random.nextInt(3);
            long expected = exhaustiveOptimum(trace, capacity);
            assertThat(Replay.belady(Traces.units(trace), "n", capacity).hits())
                    .as("trace %s, capacity %d", Arrays.toString(trace), capacity).isEqualTo(expected);
        }
    }

    private static long exhaustiveOptimum(int[] trace, int capacity) {
        return best(trace, capacity, 0, 0, new HashMap<>());
    }

    /** Most hits from request t on with the cache holding {@code cached} (a bit set of objects). */
    private static long best(int[] trace, int capacity, int t, int cached, Map<Long, Long> memo) {
        if (t == trace.length) {
            return 0;
        }
        long key = ((long) t << 32) | cached;
        Long known = memo.get(key);
        if (known != null) {
            return known;
        }
        int o = trace[t];
        long hit = (cached >> o & 1) != 0 ? 1 : 0;
        int candidates = cached | (1 << o);
        long bestRest = 0;
        // After the request the cache may keep any subset of what it had plus the requested object.
        for (int subset = candidates; ; subset = (subset - 1) & candidates) {
            if (Integer.bitCount(subset) <= capacity) {
                bestRest = Math.max(bestRest, best(trace, capacity, t + 1, subset, memo));
            }
            if (subset == 0) {
                break;
            }
        }
        memo.put(key, hit + bestRest);
        return hit + bestRest;
    }

    // ---- Belady against the online policies -----------------------------------------------------------

    static Stream<Arguments> generatedTraces() {
        return Stream.of(
                Arguments.of(0.7, "lognormal:16KiB:1.0"),
                Arguments.of(1.0, "lognormal:16KiB:1.0"),
                Arguments.of(1.2, "pareto:4KiB:1.5"),
                Arguments.of(0.9, "fixed:1KiB"),
                Arguments.of(1.0, "uniform:1KiB:64KiB"));
    }

    @ParameterizedTest(name = "zipf {0}, sizes {1}: belady >= every policy at 0.1%, 1%, 10%, 50%")
    @MethodSource("generatedTraces")
    void belady_isTheCeiling(double alpha, String sizes) {
        CompactTrace trace = CompactTrace.of(new ZipfTrace(alpha, 20_000, 200_000, 11, SizeDistribution.parse(sizes)));
        long[] reusable = trace.reusable();
        for (double fraction : new double[] {0.001, 0.01, 0.1, 0.5}) {
            long capacity = Math.round(fraction * trace.catalogueBytes());
            Result belady = Replay.belady(trace, "x", capacity);
            assertThat(belady.hits()).isLessThanOrEqualTo(reusable[0]);
            for (String name : EvictionPolicies.names()) {
                Result online = Replay.online(EvictionPolicies.byName(name), trace, "x", capacity);
                assertThat(belady.hitRatio()).as("%s at %.1f%%", name, 100 * fraction)
                        .isGreaterThanOrEqualTo(online.hitRatio());
                assertThat(online.hits()).isPositive();
            }
        }
    }

    // ---- The best static contents ------------------------------------------------------------------------

    @Test
    void staticOptimum_unitSizes_keepsTheMostRequestedObjects() {
        // A: 3 requests, B: 2, C: 4. Capacity 1 keeps C (3 reuses), capacity 2 also A (2 more).
        CompactTrace trace = Traces.parse("A1 B1 C1 A C B C A C");
        assertThat(Replay.staticOptimum(trace, "1", 1).hits()).isEqualTo(3);
        Result two = Replay.staticOptimum(trace, "2", 2);
        assertThat(two.hits()).isEqualTo(5);
        assertThat(two.hitBytes()).isEqualTo(5);
        assertThat(two.requests()).isEqualTo(9);
        assertThat(two.policy()).isEqualTo(Replay.STATIC_OPTIMUM);
        assertThat(Replay.staticOptimum(trace, "3", 3).hits()).isEqualTo(trace.reusable()[0]);
    }

    @Test
    void staticOptimum_variableSizes_takesTheMostReusesPerByteThatFit() {
        // Capacity 10. A=6 bytes, 2 reuses (0.33 per byte); B=4, 2 reuses (0.5); C=5, 1 reuse (0.2); D=1, none.
        // B first (4 bytes), then A (10 bytes); C no longer fits.
        CompactTrace trace = Traces.parse("A6 B4 C5 D1 A B C A B");
        Result r = Replay.staticOptimum(trace, "10B", 10);
        assertThat(r.hits()).isEqualTo(4);
        assertThat(r.hitBytes()).isEqualTo(2 * 6 + 2 * 4);
        // an object larger than the cache is never taken, a smaller one behind it still is
        assertThat(Replay.staticOptimum(Traces.parse("A20 A A B3 B"), "10B", 10).hits()).isEqualTo(1);
    }

    @Test
    void staticOptimum_aNewSizeIsANewCopy() {
        // A at 1 byte is reused once, then A at 2 bytes is reused once: two copies, 3 bytes for both
        CompactTrace trace = Traces.parse("A1 A A2 A");
        assertThat(Replay.staticOptimum(trace, "3B", 3).hits()).isEqualTo(2);
        assertThat(Replay.staticOptimum(trace, "2B", 2).hits()).isEqualTo(1);
    }

    /**
     * Under independent requests the best static contents are the most popular objects: the hit ratio is
     * their share of the requests, H(C, alpha) / H(N, alpha), less one compulsory miss per cached object,
     * and a little more where sampling made a less popular object the more requested. With equal sizes
     * Belady's MIN is the optimum of all caches, so it bounds the static contents too.
     */
    @ParameterizedTest(name = "zipf {0}, {1} of 20,000 objects: static-opt matches the popular share, below belady")
    @CsvSource({"0.7, 200", "1.0, 2000", "1.2, 500"})
    void staticOptimum_onIndependentRequests_isThePopularObjectsShare(double alpha, int cachedObjects) {
        int n = 20_000;
        int requests = 1_000_000;
        ZipfSampler zipf = new ZipfSampler(n, alpha);
        double share = 0;
        for (int k = 1; k <= cachedObjects; k++) {
            share += zipf.probability(k);
        }
        double expected = share - (double) cachedObjects / requests;
        CompactTrace trace = CompactTrace.of(new ZipfTrace(alpha, n, requests, 23, SizeDistribution.parse("fixed:1KiB")));
        Result stat = Replay.staticOptimum(trace, "x", cachedObjects * 1024L);
        assertThat(stat.hitRatio()).isCloseTo(expected, within(0.005));
        assertThat(Replay.belady(trace, "x", cachedObjects * 1024L).hits()).isGreaterThanOrEqualTo(stat.hits());
    }

    // ---- LRU against theory ------------------------------------------------------------------------------

    /**
     * An end-to-end check of the generator and the replay: under independent Zipf requests, LRU's hit ratio
     * is predicted within a fraction of a percent by Che's approximation [Che, Tung, Wang 2002]: find T with
     * sum_i (1 - e^(-p_i T)) = C, then the hit ratio is sum_i p_i (1 - e^(-p_i T)).
     */
    @ParameterizedTest(name = "zipf {0}, {1} of 20,000 objects: lru matches Che''s approximation")
    @CsvSource({"0.7, 200", "0.9, 200", "0.9, 2000", "1.2, 500"})
    void lru_matchesChesApproximation(double alpha, int cachedObjects) {
        assertThat(EvictionPolicies.names()).as("the lru policy is registered").contains("lru");
        int n = 20_000;
        ZipfSampler zipf = new ZipfSampler(n, alpha);
        double[] p = new double[n];
        for (int k = 1; k <= n; k++) {
            p[k - 1] = zipf.probability(k);
        }
        double lo = 0;
        double hi = 1e12;
        for (int i = 0; i < 200; i++) {
            double t = (lo + hi) / 2;
            double occupancy = 0;
            for (double pk : p) {
                occupancy += -Math.expm1(-pk * t);
            }
            if (occupancy > cachedObjects) {
                hi = t;
            } else {
                lo = t;
            }
        }
        double expected = 0;
        for (double pk : p) {
            expected += pk * -Math.expm1(-pk * lo);
        }
        CompactTrace trace = CompactTrace.of(new ZipfTrace(alpha, n, 1_000_000, 17, SizeDistribution.parse("fixed:1KiB")));
        Result lru = Replay.online(EvictionPolicies.byName("lru"), trace, "x", cachedObjects * 1024L);
        assertThat(lru.hitRatio()).isCloseTo(expected, within(0.005));
    }

    // ---- A cache as large as the catalogue only misses compulsorily -------------------------------------

    @ParameterizedTest(name = "{0}: with the cache = catalogue only first requests miss")
    @MethodSource("policies")
    void cacheAsLargeAsTheCatalogue_missesOnlyOncePerObject(String name) {
        EvictionPolicy policy = EvictionPolicies.byName(name);
        for (String sizes : List.of("lognormal:16KiB:1.0", "fixed:1KiB", "pareto:1KiB:1.2")) {
            CompactTrace trace = CompactTrace.of(new ZipfTrace(0.9, 5_000, 50_000, 3, SizeDistribution.parse(sizes)));
            long compulsory = trace.objectCount();
            long[] reusable = trace.reusable();
            assertThat(reusable[0]).isEqualTo(trace.length() - compulsory);
            for (long capacity : new long[] {trace.catalogueBytes(), 2 * trace.catalogueBytes()}) {
                Result r = Replay.online(policy, trace, "100%", capacity);
                assertThat(r.hits()).as("%s, %s, %d bytes", name, sizes, capacity).isEqualTo(trace.length() - compulsory);
                assertThat(r.hitBytes()).isEqualTo(reusable[1]);
            }
        }
    }

    @Test
    void belady_withTheCacheAsLargeAsTheCatalogue_missesOnlyOncePerObject() {
        CompactTrace trace = CompactTrace.of(new ZipfTrace(0.9, 5_000, 50_000, 3, SizeDistribution.parse("lognormal:16KiB:1.0")));
        Result r = Replay.belady(trace, "100%", trace.catalogueBytes());
        assertThat(r.hits()).isEqualTo(trace.length() - trace.objectCount());
        assertThat(r.hitBytes()).isEqualTo(trace.reusable()[1]);
    }

    @Test
    void compactTrace_countsObjectsCatalogueAndBytes() {
        CompactTrace trace = Traces.parse("A6 B4 A C5 B");
        assertThat(trace.length()).isEqualTo(5);
        assertThat(trace.objectCount()).isEqualTo(3);
        assertThat(trace.catalogueBytes()).isEqualTo(15);
        assertThat(trace.totalBytes()).isEqualTo(25);
        assertThat(trace.reusable()).containsExactly(2, 10);
    }
}
