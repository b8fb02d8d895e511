package dev.geocdn.cache.eviction;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The bookkeeping that the lru, sieve and s3-fifo stores share: one lock per store for writes,
 * weighing, the byte bound, and the eviction count. A policy supplies only its queues, through
 * {@link #admit}, {@link #detach}, {@link #victim}, {@link #recordHit} and {@link #reset}.
 *
 * <p><b>Concurrency.</b> Every write (put, compute, remove, removeIf, clear) holds a single
 * {@link ReentrantLock}, so writes are serialised and {@code compute} is atomic with respect to
 * all of them. Entries live in a {@link ConcurrentHashMap}, so {@link #get} finds a node
 * without the lock; policies whose hits only set a bit or bump a counter on the node (SIEVE,
 * S3-FIFO) do that with a volatile or atomic field and never take the lock on a read. LRU
 * must reorder its list on every hit, so its {@code get} takes the lock (that cost is the
 * reason SIEVE and S3-FIFO exist). One lock per store is a deliberate simplicity: the node's
 * default, W-TinyLFU (Caffeine), is the concurrent one; these policies are for comparison and
 * for workloads where their hit ratio wins.
 *
 * <p><b>Writes.</b> A node's key, value and weight never change: writing a key that is present
 * detaches the old node (a replacement, not an eviction) and admits a new one, re-weighed, which
 * the policy may place using the old node's access history. The old node stays visible to
 * lock-free readers until the map switches to the new one, so a reader never sees a present
 * key as absent during a replacement. Evictions happen <em>before</em> the new node is
 * admitted, as in the papers (evict until the newcomer fits, then insert), so a value that fits
 * the bound is never its own victim: it is present when the write returns. A value heavier than
 * the bound is not admitted, and counts as one eviction, as in Caffeine, which admits and
 * immediately evicts it; the mapping it replaced (if any) is gone.
 *
 * @param <K> key type
 * @param <V> value type
 * @param <N> the policy's node type
 */
abstract class LockedStore<K, V, N extends LockedStore.Node<K, V>> implements BoundedStore<K, V> {

    /** An entry: immutable key, value and weight, plus links for the policy's queue. */
    static class Node<K, V> {
        final K key;
        final V value;
        final long weight;
        /** Neighbours in a {@link NodeQueue}, toward its newest and its oldest end; guarded by the lock. */
        Node<?, ?> newer;
        Node<?, ?> older;

        Node(K key, V value, long weight) {
            this.key = key;
            this.value = value;
            this.weight = weight;
        }
    }

    /** Guards every structure of the store except the map's own reads; held for all writes. */
    protected final ReentrantLock lock = new ReentrantLock();
    private final Map<K, N> map = new ConcurrentHashMap<>();
    private final long maximumWeight;
    private final Weigher<? super V> weigher;
    private final RemovalListener<? super K, ? super V> listener;
    /** Written under the lock, read by anyone. */
    private volatile long weightedSize;
    private volatile long evictions;

    LockedStore(long maximumWeight, Weigher<? super V> weigher, RemovalListener<? super K, ? super V> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maximumWeight < 0) {
            throw new IllegalArgumentException("maximumWeight must not be negative: " + maximumWeight);
        }
        this.maximumWeight = maximumWeight;
        this.weigher = Objects.requireNonNull(weigher, "weigher");
    }

    // ---- the policy ------------------------------------------------------------------------

    /**
     * Creates the node for a new value and links it into the policy's queues. Called under the
     * lock once the value fits; {@code replaced} is the key's previous node, already detached,
     * or null for a key that was absent.
     */
    protected abstract N admit(K key, V value, long weight, N replaced);

    /** Unlinks {@code node} from the policy's queues (eviction, removal or replacement). */
    protected abstract void detach(N node);

    /**
     * The node to evict next; only called while the store holds at least one node. The policy
     * may reorganise its queues while choosing, but leaves the victim linked: the store detaches
     * it.
     */
    protected abstract N victim();

    /** Records a hit on {@code node}; called without the lock unless the policy's get takes it. */
    protected abstract void recordHit(N node);

    /** Forgets all of the policy's state (clear). */
    protected abstract void reset();

    // ---- BoundedStore ----------------------------------------------------------------------

    @Override
    public V get(K key) {
        N node = map.get(key);
        if (node == null) {
            return null;
        }
        recordHit(node);
        return node.value;
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        lock.lock();
        try {
            checkNotReentered();
            write(key, value, map.get(key));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remapping, "remapping");
        lock.lock();
        try {
            checkNotReentered();
            N old = map.get(key);
            V value = remapping.apply(key, old == null ? null : old.value);
            if (value == null) {
                if (old != null) {
                    unmap(old);
                }
                return null;
            }
            write(key, value, old);
            return value;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public V remove(K key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            checkNotReentered();
            N node = map.get(key);
            if (node == null) {
                return null;
            }
            unmap(node);
            return node.value;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long removeIf(BiPredicate<? super K, ? super V> filter) {
        Objects.requireNonNull(filter, "filter");
        lock.lock();
        try {
            checkNotReentered();
            long removed = 0;
            for (N node : map.values()) {
                if (filter.test(node.key, node.value)) {
                    unmap(node);
                    removed++;
                }
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public long weightedSize() {
        return weightedSize;
    }

    @Override
    public long maximumWeight() {
        return maximumWeight;
    }

    @Override
    public long evictionCount() {
        return evictions;
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            checkNotReentered();
            java.util.List<N> removed = new java.util.ArrayList<>(map.values());
            map.clear();
            reset();
            weightedSize = 0;
            for (N node : removed) {
                listener.onRemoval(node.key, node.value);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- under the lock --------------------------------------------------------------------

    /** Stores {@code value} for {@code key}, whose current node is {@code old} (or null). */
    private void write(K key, V value, N old) {
        long weight = weigher.weigh(value);
        if (weight < 0) {
            throw new IllegalArgumentException("negative weight " + weight + " for key " + key);
        }
        if (old != null) {
            // Unlinked from the policy but still mapped, so readers keep seeing the old value.
            detach(old);
            weightedSize -= old.weight;
        }
        if (weight > maximumWeight) {
            if (old != null) {
                map.remove(key, old);
                notifyReplaced(old, value);
            }
            evictions++;
            listener.onRemoval(key, value); // never admitted: it leaves at once
            return;
        }
        while (weightedSize > maximumWeight - weight) {
            evict(victim());
        }
        map.put(key, admit(key, value, weight, old));
        weightedSize += weight;
        if (old != null) {
            notifyReplaced(old, value);
        }
    }

    private void evict(N node) {
        unmap(node);
        evictions++;
    }

    private void unmap(N node) {
        detach(node);
        map.remove(node.key, node);
        weightedSize -= node.weight;
        listener.onRemoval(node.key, node.value);
    }

    private void notifyReplaced(N old, V value) {
        if (old.value != value) {
            listener.onRemoval(old.key, old.value);
        }
    }

    /**
     * The remapping of {@code compute} and the filter of {@code removeIf} must not write to the
     * store: the lock is reentrant, so such a write would change the queues under the running
     * operation's feet. Refuse it instead.
     */
    private void checkNotReentered() {
        if (lock.getHoldCount() > 1) {
            throw new IllegalStateException("the store was written from inside its own compute or removeIf");
        }
    }
}
