package dev.geocdn.cache.eviction;

/**
 * SIEVE, by bytes. Zhang, Yang, Yue, Vigfusson, Rashmi: "SIEVE is Simpler than LRU: an
 * Efficient Turn-Key Eviction Algorithm for Web Caches", NSDI 2024.
 *
 * <p>One FIFO queue, a visited bit per entry and a hand. New entries go in at the newest end,
 * unvisited. A hit only sets the entry's bit, without the lock and without moving anything. To
 * evict, the hand walks from where it last stopped toward the newest end (wrapping around to the
 * oldest): it clears the bit of each visited entry and passes it by, and evicts the first
 * unvisited one, then rests on the entry just newer than the victim. Entries that survive keep
 * their place, so popular ones settle behind the hand while newcomers that are never hit again
 * leave quickly ("quick demotion").
 *
 * <p>By bytes, the paper's "evict while the cache is full" becomes: evict, one hand step at a
 * time, until the new value's bytes fit. A replacement (see {@link LockedStore}) is a hit on a
 * new version: it goes in at the newest end with its bit already set.
 */
final class SievePolicy implements EvictionPolicy {

    @Override
    public String name() {
        return "sieve";
    }

    @Override
    public <K, V> BoundedStore<K, V> create(long maximumWeight, Weigher<? super V> weigher,
                                            RemovalListener<? super K, ? super V> listener) {
        return new Store<>(maximumWeight, weigher, listener);
    }

    private static final class SieveNode<K, V> extends LockedStore.Node<K, V> {
        /** Set by readers without the lock, cleared by the hand under it. */
        volatile boolean visited;

        SieveNode(K key, V value, long weight, boolean visited) {
            super(key, value, weight);
            this.visited = visited;
        }
    }

    private static final class Store<K, V> extends LockedStore<K, V, SieveNode<K, V>> {
        private final NodeQueue<SieveNode<K, V>> queue = new NodeQueue<>();
        /** The next entry the hand examines; null means the oldest. */
        private SieveNode<K, V> hand;

        Store(long maximumWeight, Weigher<? super V> weigher, RemovalListener<? super K, ? super V> listener) {
            super(maximumWeight, weigher, listener);
        }

        @Override
        protected SieveNode<K, V> admit(K key, V value, long weight, SieveNode<K, V> replaced) {
            SieveNode<K, V> node = new SieveNode<>(key, value, weight, replaced != null);
            queue.addNewest(node);
            return node;
        }

        @Override
        protected void detach(SieveNode<K, V> node) {
            if (hand == node) {
                hand = queue.newerThan(node);
            }
            queue.remove(node);
        }

        @Override
        protected SieveNode<K, V> victim() {
            SieveNode<K, V> node = hand != null ? hand : queue.oldest();
            // One sweep clears every bit, so the hand stops within one lap; readers racing it can
            // set bits again behind it, so after two laps it takes the entry it is on regardless.
            int steps = 2 * queue.size();
            while (node.visited && steps-- > 0) {
                node.visited = false;
                SieveNode<K, V> newer = queue.newerThan(node);
                node = newer != null ? newer : queue.oldest();
            }
            hand = queue.newerThan(node);
            return node;
        }

        @Override
        protected void recordHit(SieveNode<K, V> node) {
            if (!node.visited) {
                node.visited = true;
            }
        }

        @Override
        protected void reset() {
            queue.clear();
            hand = null;
        }
    }
}
