package dev.geocdn.cache.memory;

import dev.geocdn.cache.store.Body;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A body in memory outside the Java heap, from a {@link SlabAllocator}: one block when it is
 * small, a list of pages otherwise. Its bytes never change once it is complete.
 *
 * <p><b>References.</b> Off-heap memory is not kept alive by the garbage collector, so a body
 * counts its references. The count starts at one, owned by whoever completed the body (in the
 * node, the store). A reader calls {@link #retain()} before taking views and {@link #release()}
 * once it is done with them (for a hit, when the socket write completed); when the store evicts
 * the body it releases its own reference, and the memory returns to the allocator when the last
 * reference goes, exactly once. {@link #retain()} returns false once the count reached zero, so
 * a reader that lost a race with eviction falls back (to the origin, say) instead of reading
 * memory another body may already use; reading a released body throws
 * {@link IllegalStateException}.
 *
 * <p><b>Concurrency.</b> Thread-safe: the count is atomic and the bytes are immutable. Views are
 * direct, read-only {@link ByteBuffer}s over the allocator's memory, so they can be written to a
 * channel without a copy, and each is independent (its own position and limit).
 */
public final class OffHeapBody implements Body {

    private final Allocation allocation;
    private final long length;

    OffHeapBody(Allocation allocation, long length) {
        this.allocation = allocation;
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the body was released (or its allocator closed)
     */
    @Override
    public void forEachSlice(long offset, long sliceLength, Consumer<ByteBuffer> sink) {
        allocation.ensureLive();
        if (offset < 0 || sliceLength < 0 || offset > length || sliceLength > length - offset) {
            throw new IndexOutOfBoundsException("slice " + offset + "+" + sliceLength + " of " + length);
        }
        allocation.read(offset, offset + sliceLength, sink);
    }

    @Override
    public boolean copyTo(long offset, byte[] dst, int dstOffset, int copyLength) {
        if (offset < 0 || copyLength < 0 || offset > length || copyLength > length - offset) {
            throw new IndexOutOfBoundsException("copy " + offset + "+" + copyLength + " of " + length);
        }
        if (!allocation.retain()) {
            return false;
        }
        try {
            allocation.copy(offset, dst, dstOffset, copyLength);
            return true;
        } finally {
            allocation.release();
        }
    }

    /** Takes a reference; false, changing nothing, once the body was released. */
    @Override
    public boolean retain() {
        return allocation.retain();
    }

    /**
     * Gives a reference back; the last one returns the memory to the allocator.
     *
     * @throws IllegalStateException when released more often than retained
     */
    @Override
    public void release() {
        allocation.release();
    }

    /** The references held, zero once the memory was returned. */
    public int refCnt() {
        return allocation.refCnt();
    }

    /** The memory held, in whole pages or one block: the weight to charge against the store's bound. */
    @Override
    public boolean isPooled() {
        return true;
    }

    @Override
    public long allocatedBytes() {
        return allocation.allocatedBytes();
    }

    @Override
    public String toString() {
        return "OffHeapBody[length=" + length + ", allocated=" + allocatedBytes() + ", refCnt=" + refCnt() + "]";
    }
}
