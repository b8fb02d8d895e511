package dev.geocdn.cache.memory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills an {@link OffHeapBody} from the origin, while any number of readers follow the bytes
 * written so far (this is the memory under a streaming body).
 *
 * <p><b>Lengths.</b> A writer from {@link SlabAllocator#allocate} holds all the memory of its
 * known length from the start; appending past it throws. A writer from
 * {@link SlabAllocator#allocateGrowing} takes pages as bytes arrive; an append that finds no
 * room returns false and copies nothing, and the caller decides (abort, or make room and try
 * again). When a growing body turns out to fit a block (at most half a page), {@link #complete}
 * copies it into one, so a short body of unknown length does not keep a whole page.
 *
 * <p><b>References.</b> The writer holds one reference to its memory. {@link #complete} hands
 * that reference to the body it returns; {@link #abort} gives it up. A reader following the
 * fill takes its own reference ({@link #retain()}) before {@link #slices} and gives it back
 * ({@link #release()}) when it is done with the views, so that an abort, or the store evicting
 * the completed body, never frees memory under a socket write in progress.
 *
 * <p><b>Concurrency.</b> One writer thread calls {@link #append}, {@link #complete} and
 * {@link #abort}. Any thread may call {@link #written}, {@link #slices}, {@link #retain} and
 * {@link #release}: bytes below {@link #written} never change, and the writer publishes them
 * (through a volatile length) after copying them in, so readers take views without locks or
 * copies.
 */
public final class BodyWriter {

    private enum State { OPEN, COMPLETE, ABORTED }

    private final SlabAllocator allocator;
    private final Allocation allocation;
    private final long expectedLength;
    private volatile long written;
    private State state = State.OPEN;

    BodyWriter(SlabAllocator allocator, Allocation allocation, long expectedLength) {
        this.allocator = allocator;
        this.allocation = allocation;
        this.expectedLength = expectedLength;
    }

    /** The length given at allocation, or -1 for a growing writer. */
    public long expectedLength() {
        return expectedLength;
    }

    /** Bytes written so far; readers may read below this. */
    public long written() {
        return written;
    }

    /** Memory held so far, in whole pages or one block. */
    public long allocatedBytes() {
        return allocation.allocatedBytes();
    }

    /**
     * Copies the readable bytes of {@code data} in, advancing its position. A growing writer
     * returns false, copying nothing and leaving {@code data} as it was, when the allocator has
     * no room for them; a writer of known length always has room.
     *
     * @throws IllegalStateException when the bytes go past the known length (nothing is copied),
     *     or the writer was completed or aborted
     */
    public boolean append(ByteBuffer data) {
        ensureOpen();
        int n = data.remaining();
        if (n == 0) {
            return true;
        }
        long position = written;
        if (expectedLength >= 0) {
            if (n > expectedLength - position) {
                throw new IllegalStateException("body longer than its length " + expectedLength + ": "
                        + (position + n) + " bytes");
            }
        } else {
            long missing = position + n - allocation.capacity();
            if (missing > 0) {
                long pages = Math.ceilDiv(missing, (long) allocator.pageBytes());
                if (pages > Integer.MAX_VALUE - 8 || !allocation.grow((int) pages)) {
                    return false;
                }
            }
            allocation.addRequested(n);
        }
        allocation.write(position, data);
        written = position + n;
        return true;
    }

    /**
     * Read-only views of {@code [from, to)}, which must be written; they share memory with the
     * body and are valid while the caller holds a reference.
     *
     * @throws IllegalStateException when the memory was released
     */
    public List<ByteBuffer> slices(long from, long to) {
        long available = written;
        if (from < 0 || to > available || from > to) {
            throw new IndexOutOfBoundsException(from + ".." + to + " of " + available);
        }
        List<ByteBuffer> result = new ArrayList<>(2);
        allocation.read(from, to, result::add);
        return result;
    }

    /**
     * The finished body, which takes over the writer's reference. A growing body of at most half
     * a page is copied into a block (when one is free) and its page released.
     *
     * @throws IllegalStateException when fewer bytes than the known length were written (the
     *     writer stays open, to be aborted), or the writer was completed or aborted
     */
    public OffHeapBody complete() {
        ensureOpen();
        long length = written;
        if (expectedLength >= 0 && length != expectedLength) {
            throw new IllegalStateException("body ended at " + length + " of " + expectedLength + " bytes");
        }
        state = State.COMPLETE;
        if (expectedLength < 0 && length > 0 && !allocation.isBlock() && length <= allocator.pageBytes() / 2) {
            Allocation compact = allocator.allocation(length);
            if (compact != null) {
                long[] position = {0};
                allocation.read(0, length, view -> {
                    int n = view.remaining();
                    compact.write(position[0], view);
                    position[0] += n;
                });
                allocation.release();
                return new OffHeapBody(compact, length);
            }
        }
        return new OffHeapBody(allocation, length);
    }

    /**
     * Gives up the fill and the writer's reference; the memory returns to the allocator once no
     * reader holds it. Does nothing after {@link #complete} or a first abort, so it can be called
     * unconditionally on every failure path.
     */
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        allocation.release();
    }

    /** Takes a reference for a reader; false, changing nothing, once the memory was released. */
    public boolean retain() {
        return allocation.retain();
    }

    /** Gives back a reference taken with {@link #retain()}. */
    public void release() {
        allocation.release();
    }

    /** The references held on this writer's memory. */
    public int refCnt() {
        return allocation.refCnt();
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer already " + (state == State.COMPLETE ? "complete" : "aborted"));
        }
    }
}
