package dev.geocdn.cache.memory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The memory of one body and its reference count: nothing (an empty body), one block, or a
 * list of pages. A {@link BodyWriter} and the {@link OffHeapBody} it completes share one
 * allocation, so readers that follow a body while it fills and readers of the finished body
 * keep the same memory alive.
 *
 * <p><b>Reference counting.</b> The count starts at one, for the creator. {@link #retain()}
 * never revives memory: once the count reached zero it fails and changes nothing, so a reader
 * that lost a race with eviction can fall back. The thread whose {@link #release()} brings the
 * count to zero, and only that one, returns the memory to the allocator; releasing more than
 * was retained throws. Reading checks the count first, so a holder that reads after its own
 * release gets an {@link IllegalStateException} instead of bytes of whatever body reuses the
 * memory. That check cannot protect a reader that holds no reference at all: views handed out
 * are valid only while their reader holds a reference (the socket write of a hit retains the
 * body until the write completes).
 *
 * <p><b>Concurrency.</b> The count is atomic. Pages are added only by the writer thread (a
 * writer of unknown length grows page by page); it stores each page before it publishes the
 * bytes written into it (through the writer's volatile length), so a reader that stays below
 * the published length always finds its pages. The byte counts are written by the writer and
 * read by the thread that frees, after the count's atomic update has ordered them.
 */
final class Allocation {

    private static final long[] NO_PAGES = new long[0];

    private final SlabAllocator allocator;
    private final PagePool pool;
    /** Null unless this is a one-block allocation. */
    private final SizeClass.Block block;
    /** The size of each chunk of memory: the block size, or the page size. */
    private final int chunkBytes;
    private final AtomicInteger refCnt = new AtomicInteger(1);

    /** Chunk addresses; only {@code [0, chunkCount)} are in use. */
    private volatile long[] chunks;
    private volatile int chunkCount;
    private volatile long allocatedBytes;
    private long requestedBytes;

    private Allocation(SlabAllocator allocator, PagePool pool, SizeClass.Block block, int chunkBytes,
            long[] chunks, long allocatedBytes, long requestedBytes) {
        this.allocator = allocator;
        this.pool = pool;
        this.block = block;
        this.chunkBytes = chunkBytes;
        this.chunks = chunks;
        this.chunkCount = chunks.length;
        this.allocatedBytes = allocatedBytes;
        this.requestedBytes = requestedBytes;
    }

    /** Pages, possibly none yet, of {@code pool}'s page size. */
    static Allocation ofPages(SlabAllocator allocator, PagePool pool, long[] pages, long requestedBytes) {
        return new Allocation(allocator, pool, null, pool.pageBytes(), pages,
                (long) pages.length * pool.pageBytes(), requestedBytes);
    }

    /** No memory; a growing writer starts so, and so does an empty body. */
    static Allocation empty(SlabAllocator allocator, PagePool pool) {
        return ofPages(allocator, pool, NO_PAGES, 0);
    }

    /** One block of {@code blockBytes}. */
    static Allocation ofBlock(SlabAllocator allocator, PagePool pool, SizeClass.Block block, int blockBytes,
            long requestedBytes) {
        return new Allocation(allocator, pool, block, blockBytes, new long[] {block.address()}, blockBytes,
                requestedBytes);
    }

    /** Bytes this allocation can hold. */
    long capacity() {
        return (long) chunkCount * chunkBytes;
    }

    /** Bytes of memory held, in whole blocks or pages. */
    long allocatedBytes() {
        return allocatedBytes;
    }

    /** Whether this is one block (as opposed to pages). */
    boolean isBlock() {
        return block != null;
    }

    /** Adds {@code count} pages; false, adding none, when the allocator has no room. Writer only. */
    boolean grow(int count) {
        long[] current = chunks;
        long[] next = current;
        if (chunkCount + count > current.length) {
            next = Arrays.copyOf(current, Math.max(chunkCount + count, Math.max(4, current.length * 2)));
        }
        if (!allocator.takePages(count, next, chunkCount)) {
            return false;
        }
        chunks = next;
        chunkCount += count;
        allocatedBytes += (long) count * chunkBytes;
        return true;
    }

    /** Records {@code bytes} more requested by a growing writer. Writer only. */
    void addRequested(long bytes) {
        requestedBytes += bytes;
        allocator.addRequested(bytes);
    }

    /** Copies the readable bytes of {@code src} to {@code [position, ...)}, within capacity. Writer only. */
    void write(long position, ByteBuffer src) {
        ensureLive();
        long[] addresses = chunks;
        while (src.hasRemaining()) {
            int index = (int) (position / chunkBytes);
            int within = (int) (position % chunkBytes);
            int n = Math.min(src.remaining(), chunkBytes - within);
            pool.write(addresses[index] + within, src, n);
            position += n;
        }
    }

    /** Calls {@code sink} with read-only views of {@code [from, to)}, in order. */
    void read(long from, long to, Consumer<ByteBuffer> sink) {
        ensureLive();
        long[] addresses = chunks;
        long position = from;
        while (position < to) {
            int index = (int) (position / chunkBytes);
            int within = (int) (position % chunkBytes);
            int n = (int) Math.min(to - position, chunkBytes - within);
            sink.accept(pool.view(addresses[index] + within, n));
            position += n;
        }
    }

    /** Copies {@code [from, from + length)} into {@code dst}; the caller holds a reference. */
    void copy(long from, byte[] dst, int dstOffset, int length) {
        long[] addresses = chunks;
        long position = from;
        long to = from + length;
        int at = dstOffset;
        while (position < to) {
            int index = (int) (position / chunkBytes);
            int within = (int) (position % chunkBytes);
            int n = (int) Math.min(to - position, chunkBytes - within);
            pool.copy(addresses[index] + within, dst, at, n);
            at += n;
            position += n;
        }
    }

    /** Throws {@link IllegalStateException} if the memory was given back. */
    void ensureLive() {
        if (refCnt.get() <= 0) {
            throw new IllegalStateException("body memory was released");
        }
    }

    /** Takes a reference; false, changing nothing, once the count reached zero. */
    boolean retain() {
        while (true) {
            int count = refCnt.get();
            if (count <= 0) {
                return false;
            }
            if (count == Integer.MAX_VALUE) {
                throw new IllegalStateException("reference count overflow");
            }
            if (refCnt.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one returns the memory to the allocator. */
    void release() {
        while (true) {
            int count = refCnt.get();
            if (count <= 0) {
                throw new IllegalStateException("body released more often than retained");
            }
            if (refCnt.compareAndSet(count, count - 1)) {
                if (count == 1) {
                    allocator.free(block, chunks, chunkCount, allocatedBytes, requestedBytes);
                }
                return;
            }
        }
    }

    int refCnt() {
        return Math.max(0, refCnt.get());
    }
}
