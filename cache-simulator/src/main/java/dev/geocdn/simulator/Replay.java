package dev.geocdn.simulator;

import dev.geocdn.cache.eviction.BoundedStore;
import dev.geocdn.cache.eviction.EvictionPolicy;

import java.util.Arrays;

/**
 * Replays a {@link CompactTrace} through an eviction policy, or computes one of the two hindsight
 * references: Belady's offline optimum and the best static cache contents.
 */
public final class Replay {

    /** The name of the offline optimum's row. */
    public static final String BELADY = "belady";

    /** The name of the best static contents' row. */
    public static final String STATIC_OPTIMUM = "static-opt";

    private Replay() {
    }

    /**
     * Replays through the policy's real {@link BoundedStore}, single-threaded: on each request
     * {@code get(object)}; a hit when the stored copy has the request's size; otherwise a miss and
     * {@code put(object, size)} (the store is weighed in bytes: its weigher returns the size). What the
     * policy then keeps, evicts or refuses to admit is the policy's behaviour; every miss is offered.
     */
    public static Result online(EvictionPolicy policy, CompactTrace trace, String cacheSize, long capacity) {
        BoundedStore<Integer, Long> store = policy.create(capacity, (Long size) -> size);
        long hits = 0;
        long hitBytes = 0;
        int n = trace.length();
        for (int i = 0; i < n; i++) {
            Integer key = trace.object(i);
            long size = trace.size(i);
            Long stored = store.get(key);
            if (stored != null && stored == size) {
                hits++;
                hitBytes += size;
            } else {
                store.put(key, size);
            }
        }
        store.clear();
        return new Result(policy.name(), cacheSize, capacity, n, hits, trace.totalBytes(), hitBytes);
    }

    /**
     * Belady's MIN, the offline optimum, as the ceiling for the online policies. It knows each request's
     * next access ({@link CompactTrace#nextAccess()}) and keeps the cached objects ordered by it.
     *
     * <p>On a hit the object stays, re-keyed by its next access (or leaves, if it has none). On a miss the
     * object is not admitted when it is never requested again or is larger than the cache (bypassing is
     * allowed to the optimum only). Otherwise, while it does not fit, the object whose next use is furthest
     * in the future is evicted; if that would mean evicting an object needed sooner than the new one, the
     * new one is not admitted instead (the new object is then the "furthest" candidate). With equal sizes
     * this is exactly Belady's optimal MIN (with bypass). With variable sizes the optimum is NP-hard, and
     * this furthest-next-use rule is the classic approximation of it: a ceiling for comparison, not a
     * proven upper bound (a size-aware policy could, in principle, beat it on the request hit ratio).
     *
     * <p>Cost: O(log<sub>64</sub> n) per request and per eviction ({@link IndexSet}).
     */
    public static Result belady(CompactTrace trace, String cacheSize, long capacity) {
        int n = trace.length();
        int[] next = trace.nextAccess();
        // Cached objects, each under the index of its next access; that index identifies the object too.
        IndexSet cached = new IndexSet(n);
        long used = 0;
        long hits = 0;
        long hitBytes = 0;
        for (int i = 0; i < n; i++) {
            long size = trace.size(i);
            int nx = next[i];
            if (cached.contains(i)) {
                hits++;
                hitBytes += size;
                cached.remove(i);
                if (nx >= 0) {
                    cached.add(nx);
                } else {
                    used -= size;
                }
                continue;
            }
            if (nx < 0 || size > capacity) {
                continue;
            }
            long need = size - (capacity - used);
            if (need > 0) {
                // Would evicting objects needed later than this one make room?
                long freeable = 0;
                for (int k = cached.last(); k > nx && freeable < need; k = cached.floor(k - 1)) {
                    freeable += trace.size(k);
                }
                if (freeable < need) {
                    continue;
                }
                while (need > 0) {
                    int k = cached.last();
                    cached.remove(k);
                    long victim = trace.size(k);
                    used -= victim;
                    need -= victim;
                }
            }
            cached.add(nx);
            used += size;
        }
        return new Result(BELADY, cacheSize, capacity, n, hits, trace.totalBytes(), hitBytes);
    }

    /**
     * The best unchanging cache contents, chosen knowing how often each object will be requested: the
     * reference for independent requests (the Zipf generator), where the popularity of an object never
     * changes. There, no online policy beats it over a long run (Belady does, by also knowing the order of
     * the requests), so it says how much of the distance to Belady any policy could close: on Zipf
     * alpha 1.0 with a cache of 10% of 100,000 equal objects it is about 81% against Belady's 85%. On real
     * traces, whose popularity moves, good online policies can beat it.
     *
     * <p>Each copy (an object at one size: the chains of {@link CompactTrace#nextAccess()}) is worth its
     * requests after the first, which must miss in a cache that starts empty as every other row's does.
     * Copies are taken by value per byte while they fit (the greedy knapsack; with equal sizes exactly the
     * most requested objects).
     */
    public static Result staticOptimum(CompactTrace trace, String cacheSize, long capacity) {
        int n = trace.length();
        int[] next = trace.nextAccess();
        boolean[] followsAnother = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (next[i] >= 0) {
                followsAnother[next[i]] = true;
            }
        }
        int heads = 0;
        for (int i = 0; i < n; i++) {
            if (!followsAnother[i] && next[i] >= 0) {
                heads++;
            }
        }
        // one entry per copy requested more than once: its reuses and its first request's index
        long[] reuses = new long[heads];
        int[] first = new int[heads];
        int copies = 0;
        for (int i = 0; i < n; i++) {
            if (followsAnother[i] || next[i] < 0) {
                continue;
            }
            long count = 0;
            for (int k = next[i]; k >= 0; k = next[k]) {
                count++;
            }
            reuses[copies] = count;
            first[copies] = i;
            copies++;
        }
        Integer[] order = new Integer[copies];
        for (int c = 0; c < copies; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare((double) reuses[b] / trace.size(first[b]),
                (double) reuses[a] / trace.size(first[a])));
        long used = 0;
        long hits = 0;
        long hitBytes = 0;
        for (Integer c : order) {
            long size = trace.size(first[c]);
            if (used + size <= capacity) {
                used += size;
                hits += reuses[c];
                hitBytes += reuses[c] * size;
            }
        }
        return new Result(STATIC_OPTIMUM, cacheSize, capacity, n, hits, trace.totalBytes(), hitBytes);
    }
}
