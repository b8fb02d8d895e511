package dev.geocdn.cache.eviction;

/**
 * Least recently used, by bytes: a hash map of nodes and a doubly linked list in access order;
 * a hit or a write moves the key to the most recent end, and writes evict from the least recent
 * end until the new value fits. The textbook policy (Mattson, Gecsei, Slutz, Traiger:
 * "Evaluation techniques for storage hierarchies", IBM Systems Journal 9(2), 1970), here as the
 * baseline the other policies are compared with.
 *
 * <p>Every hit reorders the list, so {@code get} takes the store's lock too: LRU's reads are
 * writes, which is the cost SIEVE and S3-FIFO avoid. See {@link LockedStore} for the
 * concurrency and write semantics shared with them.
 */
final class LruPolicy implements EvictionPolicy {

    @Override
    public String name() {
        return "lru";
    }

    @Override
    public <K, V> BoundedStore<K, V> create(long maximumWeight, Weigher<? super V> weigher,
                                            RemovalListener<? super K, ? super V> listener) {
        return new Store<>(maximumWeight, weigher, listener);
    }

    private static final class Store<K, V> extends LockedStore<K, V, LockedStore.Node<K, V>> {
        /** Oldest = least recently used. */
        private final NodeQueue<Node<K, V>> recency = new NodeQueue<>();

        Store(long maximumWeight, Weigher<? super V> weigher, RemovalListener<? super K, ? super V> listener) {
            super(maximumWeight, weigher, listener);
        }

        @Override
        public V get(K key) {
            lock.lock();
            try {
                return super.get(key);
            } finally {
                lock.unlock();
            }
        }

        @Override
        protected Node<K, V> admit(K key, V value, long weight, Node<K, V> replaced) {
            Node<K, V> node = new Node<>(key, value, weight);
            recency.addNewest(node);
            return node;
        }

        @Override
        protected void detach(Node<K, V> node) {
            recency.remove(node);
        }

        @Override
        protected Node<K, V> victim() {
            return recency.oldest();
        }

        @Override
        protected void recordHit(Node<K, V> node) {
            recency.moveToNewest(node);
        }

        @Override
        protected void reset() {
            recency.clear();
        }
    }
}
