package dev.geocdn.cache.purge;

import java.util.Comparator;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fills (origin fetches, revalidations, replicas being received) that may still store a
 * response, by the time each started. A tombstone only matters to a store that started before
 * it, so once every fill still open started after a tombstone, the tombstone can go: this
 * registry tells {@link Tombstones} how far that is.
 *
 * <p>Registering is what lets tombstones expire early, not what makes purges safe: a store whose
 * fill was never registered (or registered late) is still refused when a forgotten tombstone
 * might have covered it, through the floor of {@link Tombstones}. It is refused more often than
 * necessary, that is all.
 *
 * <p>Thread-safe and lock-free: open fills sit in a skip list ordered by start time (then by
 * registration, since replicas may bring equal times from other nodes), so the oldest is its
 * first element.
 */
public final class InFlightFills {

    /** Oldest start first; the registration sequence tells apart fills with equal starts. */
    private static final Comparator<Fill> ORDER =
            Comparator.comparingLong(Fill::startedAt).thenComparingLong(fill -> fill.sequence);

    private final ConcurrentSkipListSet<Fill> open = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong sequence = new AtomicLong();

    /**
     * Registers a fill that started at {@code startedAt} (HLC time), until its handle is closed.
     * The time is the one the fill will pass to the store: when it started talking to the
     * origin, or for a replica, when the fill that produced it did.
     */
    public Fill begin(long startedAt) {
        Fill fill = new Fill(this, startedAt, sequence.incrementAndGet());
        open.add(fill);
        return fill;
    }

    /** The start time of the oldest fill still open, or empty when none is. */
    public OptionalLong oldestStart() {
        Iterator<Fill> first = open.iterator();
        return first.hasNext() ? OptionalLong.of(first.next().startedAt) : OptionalLong.empty();
    }

    /** The number of fills open. */
    public int size() {
        return open.size();
    }

    /**
     * An open fill; closing it (once it stored its response, or gave up) ends its registration.
     * Closing twice is harmless.
     */
    public static final class Fill implements AutoCloseable {
        private final InFlightFills registry;
        private final long startedAt;
        private final long sequence;

        private Fill(InFlightFills registry, long startedAt, long sequence) {
            this.registry = registry;
            this.startedAt = startedAt;
            this.sequence = sequence;
        }

        /** When the fill started (HLC time). */
        public long startedAt() {
            return startedAt;
        }

        @Override
        public void close() {
            registry.open.remove(this);
        }

        @Override
        public String toString() {
            return "Fill[startedAt=" + startedAt + "]";
        }
    }
}
