package dev.geocdn.cache.eviction;

/**
 * An intrusive doubly linked queue of {@link LockedStore.Node}s, newest at one end and oldest
 * at the other, that also keeps the count and total weight of its nodes. LRU's list, SIEVE's
 * queue and S3-FIFO's small and main queues are each one of these. Not thread-safe: the owning
 * store's lock guards it. A node is in at most one queue at a time.
 *
 * @param <N> the node type
 */
final class NodeQueue<N extends LockedStore.Node<?, ?>> {

    private N newest;
    private N oldest;
    private int size;
    private long weight;

    /** Links {@code node} in as the newest. */
    void addNewest(N node) {
        node.older = newest;
        node.newer = null;
        if (newest != null) {
            newest.newer = node;
        } else {
            oldest = node;
        }
        newest = node;
        size++;
        weight += node.weight;
    }

    /** Unlinks {@code node}, which must be in this queue. */
    void remove(N node) {
        N newer = newerThan(node);
        N older = olderThan(node);
        if (newer != null) {
            newer.older = older;
        } else {
            newest = older;
        }
        if (older != null) {
            older.newer = newer;
        } else {
            oldest = newer;
        }
        node.newer = null;
        node.older = null;
        size--;
        weight -= node.weight;
    }

    /** Moves {@code node}, which must be in this queue, to the newest end. */
    void moveToNewest(N node) {
        if (node != newest) {
            remove(node);
            addNewest(node);
        }
    }

    /** The oldest node, or null when empty. */
    N oldest() {
        return oldest;
    }

    /** The node just newer than {@code node}, or null when it is the newest. */
    @SuppressWarnings("unchecked")
    N newerThan(N node) {
        return (N) node.newer;
    }

    /** The node just older than {@code node}, or null when it is the oldest. */
    @SuppressWarnings("unchecked")
    N olderThan(N node) {
        return (N) node.older;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The number of nodes. */
    int size() {
        return size;
    }

    /** The total weight of the nodes. */
    long weight() {
        return weight;
    }

    /** Forgets every node. */
    void clear() {
        newest = null;
        oldest = null;
        size = 0;
        weight = 0;
    }
}
