package dev.geocdn.cache.eviction;

import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * S3-FIFO, by bytes. Yang, Zhang, Qiu, Yue, Rashmi: "FIFO queues are all you need for cache
 * eviction", SOSP 2023 (Algorithm 1).
 *
 * <p>Three FIFO queues: a small one (S, 10% of the bytes) where new keys are admitted, a main
 * one (M, the rest), and a ghost queue (G) of keys recently evicted from S, without values.
 * Each entry has a hit counter capped at 3 (two bits); a hit only increments it, without the
 * lock and without moving anything. To evict:
 * <ul>
 *   <li>from S when S holds at least its 10% (or M is empty): the oldest entry of S moves to
 *       M with its counter cleared if it was hit at least twice while in S, and then, if M is
 *       over its 90%, M evicts one; otherwise it is evicted and its key goes to G. One-hit
 *       wonders thus leave quickly, from the small queue ("quick demotion");</li>
 *   <li>from M otherwise: the oldest entry of M goes back to M's newest end with its counter
 *       decremented if the counter is positive, else it is evicted (FIFO-reinsertion, a 2-bit
 *       CLOCK).</li>
 * </ul>
 * A new key that is in G is admitted straight to M (it was evicted from S too soon); any
 * other new key goes to S.
 *
 * <p>Choices, where the paper counts objects and this store counts bytes or the paper is loose:
 * <ul>
 *   <li>The threshold to move from S to M is two hits, the paper's {@code t.freq > 1} and the
 *       authors' libCacheSim default ({@code move-to-main-threshold=2}).</li>
 *   <li>S and M targets are 10% and 90% of the maximum weight, compared with the bytes in
 *       each; neither is a hard limit (only the total is), so a value larger than S's 10% is
 *       still admitted to S. (libCacheSim refuses such objects, which the store contract does
 *       not allow: a value up to the maximum must fit.)</li>
 *   <li>G holds at most as many keys as the store holds entries. The paper sizes G like M in
 *       entries; bounding it by the live entry count keeps its memory proportional to the
 *       cache even for tiny values, and unlike M's own count it is not zero while the cache
 *       first fills (when M is still empty), which would make G useless then.</li>
 *   <li>A replacement (see {@link LockedStore}) is a hit on a new version: it stays in its
 *       queue, at the newest end, with its counter incremented.</li>
 * </ul>
 */
final class S3FifoPolicy implements EvictionPolicy {

    /** The counter's cap: two bits. */
    static final int MAX_FREQUENCY = 3;
    /** Hits while in S that earn a move to M instead of eviction (Algorithm 1: freq > 1). */
    static final int HITS_TO_MAIN = 2;
    /** S's share of the bytes is one part in this many (10%). */
    static final int SMALL_SHARE_DIVISOR = 10;

    @Override
    public String name() {
        return "s3-fifo";
    }

    @Override
    public <K, V> BoundedStore<K, V> create(long maximumWeight, Weigher<? super V> weigher,
                                            RemovalListener<? super K, ? super V> listener) {
        return new Store<>(maximumWeight, weigher, listener);
    }

    private static final class S3Node<K, V> extends LockedStore.Node<K, V> {
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<S3Node> FREQUENCY =
                AtomicIntegerFieldUpdater.newUpdater(S3Node.class, "frequency");

        /** Hits, capped; incremented by readers without the lock, decremented under it. */
        volatile int frequency;
        /** In M rather than S; guarded by the lock. */
        boolean inMain;

        S3Node(K key, V value, long weight) {
            super(key, value, weight);
        }

        void hit() {
            for (int f = frequency; f < MAX_FREQUENCY; f = frequency) {
                if (FREQUENCY.compareAndSet(this, f, f + 1)) {
                    return;
                }
            }
        }
    }

    private static final class Store<K, V> extends LockedStore<K, V, S3Node<K, V>> {
        private final NodeQueue<S3Node<K, V>> small = new NodeQueue<>();
        private final NodeQueue<S3Node<K, V>> main = new NodeQueue<>();
        /** Keys evicted from S, oldest first. */
        private final LinkedHashSet<K> ghost = new LinkedHashSet<>();
        private final long smallTarget;
        private final long mainTarget;

        Store(long maximumWeight, Weigher<? super V> weigher, RemovalListener<? super K, ? super V> listener) {
            super(maximumWeight, weigher, listener);
            this.smallTarget = maximumWeight / SMALL_SHARE_DIVISOR;
            this.mainTarget = maximumWeight - smallTarget;
        }

        @Override
        protected S3Node<K, V> admit(K key, V value, long weight, S3Node<K, V> replaced) {
            S3Node<K, V> node = new S3Node<>(key, value, weight);
            if (replaced != null) {
                node.inMain = replaced.inMain;
                node.frequency = Math.min(replaced.frequency + 1, MAX_FREQUENCY);
            } else {
                node.inMain = ghost.remove(key);
            }
            queueOf(node).addNewest(node);
            return node;
        }

        @Override
        protected void detach(S3Node<K, V> node) {
            queueOf(node).remove(node);
        }

        @Override
        protected S3Node<K, V> victim() {
            while (!small.isEmpty() && (small.weight() >= smallTarget || main.isEmpty())) {
                S3Node<K, V> oldest = small.oldest();
                if (oldest.frequency < HITS_TO_MAIN) {
                    remember(oldest.key);
                    return oldest;
                }
                small.remove(oldest);
                oldest.frequency = 0;
                oldest.inMain = true;
                main.addNewest(oldest);
                if (main.weight() > mainTarget) {
                    return mainVictim();
                }
            }
            return mainVictim();
        }

        /** FIFO-reinsertion over M; M is not empty. */
        private S3Node<K, V> mainVictim() {
            S3Node<K, V> node = main.oldest();
            // Counters are at most 3, so within four laps one reaches zero; readers racing the
            // scan can raise counters again, so after that the scan takes the entry it is on.
            int steps = (MAX_FREQUENCY + 1) * main.size();
            for (int f = node.frequency; f > 0 && steps-- > 0; f = node.frequency) {
                node.frequency = f - 1;
                main.moveToNewest(node);
                node = main.oldest();
            }
            return node;
        }

        /** Adds an evicted key to G, forgetting G's oldest keys beyond the live entry count. */
        private void remember(K key) {
            ghost.add(key);
            int bound = small.size() + main.size();
            while (ghost.size() > bound) {
                ghost.removeFirst();
            }
        }

        @Override
        protected void recordHit(S3Node<K, V> node) {
            node.hit();
        }

        @Override
        protected void reset() {
            small.clear();
            main.clear();
            ghost.clear();
        }

        private NodeQueue<S3Node<K, V>> queueOf(S3Node<K, V> node) {
            return node.inMain ? main : small;
        }
    }
}
