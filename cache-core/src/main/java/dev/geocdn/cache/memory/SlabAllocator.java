package dev.geocdn.cache.memory;

import dev.geocdn.cache.store.Body;

import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Allocates the memory of cached response bodies outside the Java heap, so that a node holding
 * gigabytes keeps a small heap and short GC pauses, and a hit is written to the socket straight
 * from that memory, without a copy.
 *
 * <p><b>Design note.</b> Memory is reserved in slabs (4 MiB by default), lazily, up to a hard
 * capacity, and kept until {@link #close()}: a cache runs full, so returning slabs would only
 * mean asking again, and one native allocation per slab keeps their number and cost small. The
 * intended source is one {@code Arena.ofShared()} owned by the allocator (shared, because bodies
 * are written, read and freed on any thread; one, because closing a shared arena is a handshake
 * with every thread, far too costly per eviction); while cache-core targets Java 21, where
 * {@code java.lang.foreign} is a preview API, slabs are direct buffers ({@link SlabSource}).
 * Either way freeing a body does not unmap memory: its reference count keeps readers off reused
 * memory. Slabs are cut into pages (64 KiB): a large body is a list of pages, so it needs no
 * contiguous memory and wastes less than a page. A body of at most half a page gets one block of
 * a power-of-two size class (256 B to half a page) from a page split into equal blocks, wasting
 * less than half its size instead of most of a page; a split page whose blocks are all free goes
 * back to the pages, so memory follows the mix of sizes (as in Bonwick's slab allocator,
 * jemalloc and Netty's pooled allocator). Accounting: the capacity bounds reserved bytes, hard;
 * {@link OffHeapBody#allocatedBytes()}, the rounded size, is the weight a store charges against
 * {@code cdn.cache.max-bytes}, so the bound counts real memory; the capacity should exceed that
 * bound by a margin for free blocks, which serve only their class ({@link AllocatorStats}), else
 * allocations fail first and the store evicts.
 *
 * <p><b>Concurrency.</b> Thread-safe. One lock for the pages and the reservation of slabs, one
 * per size class (see {@link PagePool} and {@link SizeClass}; the order is class, then pages);
 * reads and writes of body memory take no lock. Byte counters are {@link LongAdder}s.
 *
 * <p><b>Failure modes.</b> Running out of room never throws: {@link #allocate} returns null and
 * a growing writer's append returns false, and neither reserves anything; the platform refusing
 * a slab ({@link OutOfMemoryError}) is treated as the capacity being reached. After
 * {@link #close()}, allocating and reading throw {@link IllegalStateException}; releasing bodies
 * still works and only updates the counters.
 */
public final class SlabAllocator implements AutoCloseable {

    /** Default slab size: 4 MiB. */
    public static final int DEFAULT_SLAB_BYTES = 4 << 20;

    /** Default page size: 64 KiB. */
    public static final int DEFAULT_PAGE_BYTES = 64 << 10;

    /** The smallest size class. */
    public static final int MIN_BLOCK_BYTES = 256;

    private static final int MAX_PAGE_BYTES = 1 << 30;
    private static final int MIN_BLOCK_SHIFT = Integer.numberOfTrailingZeros(MIN_BLOCK_BYTES);

    private final long capacityBytes;
    private final int slabBytes;
    private final int pageBytes;
    private final PagePool pool;
    /** Size classes, smallest first: {@code MIN_BLOCK_BYTES << i}, up to half a page. */
    private final SizeClass[] classes;
    private final LongAdder allocatedBytes = new LongAdder();
    private final LongAdder requestedBytes = new LongAdder();

    /** An allocator of at most {@code capacityBytes}, with the default slab and page sizes. */
    public SlabAllocator(long capacityBytes) {
        this(capacityBytes, DEFAULT_SLAB_BYTES, DEFAULT_PAGE_BYTES);
    }

    /**
     * An allocator of at most {@code capacityBytes}.
     *
     * @param slabBytes the unit of reservation, a multiple of {@code pageBytes}
     * @param pageBytes the unit of large bodies, a power of two from 512 bytes to 1 GiB
     */
    public SlabAllocator(long capacityBytes, int slabBytes, int pageBytes) {
        this(capacityBytes, slabBytes, pageBytes, new DirectBufferSlabs());
    }

    SlabAllocator(long capacityBytes, int slabBytes, int pageBytes, SlabSource source) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacityBytes);
        }
        if (Integer.bitCount(pageBytes) != 1 || pageBytes < 2 * MIN_BLOCK_BYTES || pageBytes > MAX_PAGE_BYTES) {
            throw new IllegalArgumentException("page size must be a power of two from " + 2 * MIN_BLOCK_BYTES
                    + " to " + MAX_PAGE_BYTES + ": " + pageBytes);
        }
        if (slabBytes < pageBytes || slabBytes % pageBytes != 0) {
            throw new IllegalArgumentException("slab size must be a multiple of the page size " + pageBytes
                    + ": " + slabBytes);
        }
        if (capacityBytes / pageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity " + capacityBytes + " holds too many pages of "
                    + pageBytes + " bytes");
        }
        this.capacityBytes = capacityBytes;
        this.slabBytes = slabBytes;
        this.pageBytes = pageBytes;
        this.pool = new PagePool(capacityBytes, slabBytes, pageBytes, source);
        int count = Integer.numberOfTrailingZeros(pageBytes) - MIN_BLOCK_SHIFT;
        this.classes = new SizeClass[count];
        for (int i = 0; i < count; i++) {
            classes[i] = new SizeClass(MIN_BLOCK_BYTES << i, pool);
        }
    }

    /**
     * A writer for a body of exactly {@code length} bytes, with all of its memory taken now, so
     * that a fill never runs out of room half-way; null when there is no room for it.
     */
    public BodyWriter allocate(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        ensureOpen();
        Allocation allocation = allocation(length);
        return allocation == null ? null : new BodyWriter(this, allocation, length);
    }

    /**
     * A writer for a body whose length is not known in advance (no Content-Length): it takes
     * pages as bytes arrive, and its appends fail when there is no room.
     */
    public BodyWriter allocateGrowing() {
        ensureOpen();
        return new BodyWriter(this, Allocation.empty(this, pool), -1);
    }

    /** A copy of {@code body} in this allocator's memory, or null when there is no room. */
    public OffHeapBody copyOf(Body body) {
        BodyWriter writer = allocate(body.length());
        if (writer == null) {
            return null;
        }
        try {
            body.forEachSlice(0, body.length(), writer::append);
            return writer.complete();
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
    }

    /**
     * The memory a body of {@code length} bytes holds when allocated with {@link #allocate}:
     * its size class, or whole pages; what a store can weigh before it allocates.
     */
    public long roundedSize(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        if (length == 0) {
            return 0;
        }
        if (length <= pageBytes / 2) {
            return classFor(length).blockBytes();
        }
        return Math.ceilDiv(length, (long) pageBytes) * pageBytes;
    }

    /** The hard limit on reserved memory. */
    public long capacityBytes() {
        return capacityBytes;
    }

    /** The unit of reservation. */
    public int slabBytes() {
        return slabBytes;
    }

    /** The unit of large bodies. */
    public int pageBytes() {
        return pageBytes;
    }

    /** Current figures. */
    public AllocatorStats stats() {
        PagePool.Figures pages = pool.figures();
        TreeMap<Integer, Integer> freeBlocks = new TreeMap<>();
        int splitPages = 0;
        for (SizeClass sizeClass : classes) {
            SizeClass.Figures figures = sizeClass.figures();
            freeBlocks.put(sizeClass.blockBytes(), figures.freeBlocks());
            splitPages += figures.splitPages();
        }
        return new AllocatorStats(capacityBytes, pages.reservedBytes(), allocatedBytes.sum(), requestedBytes.sum(),
                pages.slabs(), pages.freePages(), splitPages, freeBlocks, pages.reservationRefused());
    }

    /**
     * Gives all memory back at once, including that of bodies still referenced, which become
     * unreadable; for shutdown, after the node stopped serving. Idempotent.
     */
    @Override
    public void close() {
        pool.close();
        for (SizeClass sizeClass : classes) {
            sizeClass.close();
        }
    }

    /** The memory for a body of {@code length} bytes, or null when there is no room. */
    Allocation allocation(long length) {
        if (length == 0) {
            return Allocation.empty(this, pool);
        }
        if (length > capacityBytes) {
            return null;
        }
        if (length <= pageBytes / 2) {
            SizeClass sizeClass = classFor(length);
            SizeClass.Block block = sizeClass.take();
            if (block == null) {
                return null;
            }
            allocatedBytes.add(sizeClass.blockBytes());
            requestedBytes.add(length);
            return Allocation.ofBlock(this, pool, block, sizeClass.blockBytes(), length);
        }
        long pages = Math.ceilDiv(length, (long) pageBytes);
        long[] addresses = new long[(int) pages];
        if (!takePages((int) pages, addresses, 0)) {
            return null;
        }
        requestedBytes.add(length);
        return Allocation.ofPages(this, pool, addresses, length);
    }

    /** Takes {@code count} pages into {@code into[at..)}, all or none. */
    boolean takePages(int count, long[] into, int at) {
        if (!pool.take(count, into, at)) {
            return false;
        }
        allocatedBytes.add((long) count * pageBytes);
        return true;
    }

    void addRequested(long bytes) {
        requestedBytes.add(bytes);
    }

    /** Returns the memory of an allocation whose count reached zero: {@code block}, or the pages. */
    void free(SizeClass.Block block, long[] pages, int pageCount, long allocated, long requested) {
        allocatedBytes.add(-allocated);
        requestedBytes.add(-requested);
        if (block != null) {
            classFor(allocated).free(block);
        } else if (pageCount > 0) {
            pool.give(pages, pageCount);
        }
    }

    private SizeClass classFor(long length) {
        int shift = 64 - Long.numberOfLeadingZeros(length - 1);
        return classes[Math.max(0, shift - MIN_BLOCK_SHIFT)];
    }

    private void ensureOpen() {
        if (pool.isClosed()) {
            throw new IllegalStateException("allocator closed");
        }
    }
}
