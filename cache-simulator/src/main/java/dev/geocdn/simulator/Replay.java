package dev.geocdn.simulator;

import dev.geocdn.cache.eviction.BoundedStore;
import dev.geocdn.cache.eviction.EvictionPolicy;

/** Replays a {@link CompactTrace} through an eviction policy, or through Belady's offline optimum. */
public final class Replay {

    /** The name of the offline optimum's row. */
    public static final String BELADY = "belady";

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
}
