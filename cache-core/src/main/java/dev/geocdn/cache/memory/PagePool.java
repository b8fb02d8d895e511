package dev.geocdn.cache.memory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slabs of a {@link SlabAllocator} and their free pages: reserves slabs lazily up to the
 * capacity, hands out pages, takes them back for reuse, and resolves addresses to memory.
 *
 * <p><b>Addresses.</b> Memory is named by a virtual address: slab {@code k} covers
 * {@code [k * slabBytes, k * slabBytes + size)}, page {@code p} starts at {@code p * pageBytes}.
 * Every slab but the last has {@code slabBytes}; the last may be shorter (a whole number of
 * pages) so that the whole capacity is usable. Free pages are kept as page numbers in a stack,
 * four bytes each, so that the bookkeeping of a cache of many gigabytes stays small on the heap.
 * The stack is last-in first-out: a page freed recently is warm in the CPU caches and already
 * backed by physical memory.
 *
 * <p><b>Concurrency.</b> One lock guards the free stack, the reservation of slabs and the
 * counters. Reading and writing memory ({@link #view}, {@link #write}) takes no lock: the slab
 * array is published through a volatile field, and a caller only ever uses an address it
 * obtained from {@link #take} (under the lock, after the slab was stored), so it always sees its
 * slab. Slab buffers are used only through absolute operations, which read no mutable state of
 * the buffer, so any number of threads share them.
 *
 * <p><b>Failure modes.</b> When the capacity is reached, or the platform refuses a slab
 * ({@link OutOfMemoryError} from the {@link SlabSource}), {@link #take} returns false and
 * reserves nothing more; after a refusal it never asks the platform again, because asking
 * again is expensive (the JDK runs a garbage collection before refusing direct memory). A page
 * given back twice is an allocator bug and throws {@link IllegalStateException} rather than
 * corrupting the free stack. After {@link #close} every memory access throws
 * {@link IllegalStateException}.
 */
final class PagePool {

    private static final ByteBuffer[] NO_SLABS = new ByteBuffer[0];

    private final long capacityBytes;
    private final int slabBytes;
    private final int pageBytes;
    private final int pagesPerSlab;
    private final SlabSource source;
    private final ReentrantLock lock = new ReentrantLock();

    /** Slab {@code k} at index {@code k}; replaced by a larger copy when full. */
    private volatile ByteBuffer[] slabs = new ByteBuffer[4];
    private volatile boolean closed;

    // guarded by lock
    private int slabCount;
    private long reservedBytes;
    private boolean refused;
    private int[] freeStack = new int[64];
    private int freeCount;
    private final BitSet free = new BitSet();

    PagePool(long capacityBytes, int slabBytes, int pageBytes, SlabSource source) {
        this.capacityBytes = capacityBytes;
        this.slabBytes = slabBytes;
        this.pageBytes = pageBytes;
        this.pagesPerSlab = slabBytes / pageBytes;
        this.source = source;
    }

    int pageBytes() {
        return pageBytes;
    }

    /** Takes one page; its address, or -1 when there is no room. */
    long takeOne() {
        lock.lock();
        try {
            if (!ensureFree(1)) {
                return -1;
            }
            return (long) pop() * pageBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code count} pages into {@code into[at..at+count)}, all or none: returns false, and
     * reserves nothing, when they cannot all be had.
     */
    boolean take(int count, long[] into, int at) {
        lock.lock();
        try {
            if (!ensureFree(count)) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                into[at + i] = (long) pop() * pageBytes;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back {@code addresses[0..count)}, pages taken from this pool. */
    void give(long[] addresses, int count) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (int i = 0; i < count; i++) {
                push(addresses[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the page at {@code address}. */
    void give(long address) {
        lock.lock();
        try {
            if (!closed) {
                push(address);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A read-only view of {@code [address, address + length)}, which must lie in one page. */
    ByteBuffer view(long address, int length) {
        ByteBuffer slab = slabOf(address);
        return slab.slice(offsetInSlab(address), length).asReadOnlyBuffer();
    }

    /** Copies {@code length} bytes at {@code address} (within one page) into {@code dst}. */
    void copy(long address, byte[] dst, int dstOffset, int length) {
        slabOf(address).get(offsetInSlab(address), dst, dstOffset, length);
    }

    /**
     * Copies {@code length} bytes from {@code src} (from its position, which advances) to
     * {@code address}; the range must lie in one page.
     */
    void write(long address, ByteBuffer src, int length) {
        ByteBuffer slab = slabOf(address);
        slab.put(offsetInSlab(address), src, src.position(), length);
        src.position(src.position() + length);
    }

    /** Drops every slab and gives them back to the source; idempotent. */
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            slabs = NO_SLABS;
            slabCount = 0;
            reservedBytes = 0;
            freeCount = 0;
            free.clear();
            source.close();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** A consistent snapshot of the pool's figures. */
    Figures figures() {
        lock.lock();
        try {
            return new Figures(reservedBytes, slabCount, freeCount, refused);
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #figures()} reports. */
    record Figures(long reservedBytes, int slabs, int freePages, boolean reservationRefused) {
    }

    private ByteBuffer slabOf(long address) {
        if (closed) {
            throw new IllegalStateException("allocator closed");
        }
        ByteBuffer[] current = slabs;
        int index = (int) (address / slabBytes);
        if (index >= current.length || current[index] == null) {
            throw new IllegalStateException("allocator closed");
        }
        return current[index];
    }

    private int offsetInSlab(long address) {
        return (int) (address % slabBytes);
    }

    /** Reserves slabs until {@code count} pages are free; false, reserving nothing, if impossible. */
    private boolean ensureFree(int count) {
        if (closed) {
            return false;
        }
        if (freeCount >= count) {
            return true;
        }
        long limit = refused ? reservedBytes : capacityBytes;
        long reservablePages = (limit - reservedBytes) / pageBytes;
        if (freeCount + reservablePages < count) {
            return false;
        }
        while (freeCount < count) {
            if (!reserveSlab()) {
                return false;
            }
        }
        return true;
    }

    private boolean reserveSlab() {
        int pages = (int) Math.min(pagesPerSlab, (capacityBytes - reservedBytes) / pageBytes);
        int bytes = pages * pageBytes;
        ByteBuffer slab;
        try {
            slab = source.reserve(bytes);
        } catch (OutOfMemoryError refusal) {
            // the platform is out of memory for us: treat the capacity as reached, for good
            refused = true;
            return false;
        }
        if (slabCount == slabs.length) {
            slabs = Arrays.copyOf(slabs, slabCount * 2);
        }
        slabs[slabCount] = slab;
        int firstPage = slabCount * pagesPerSlab;
        slabCount++;
        reservedBytes += bytes;
        // pushed highest first so that pages are handed out in address order
        for (int page = firstPage + pages - 1; page >= firstPage; page--) {
            push((long) page * pageBytes);
        }
        return true;
    }

    private int pop() {
        int page = freeStack[--freeCount];
        free.clear(page);
        return page;
    }

    private void push(long address) {
        int page = (int) (address / pageBytes);
        if (free.get(page)) {
            throw new IllegalStateException("page " + page + " given back twice");
        }
        free.set(page);
        if (freeCount == freeStack.length) {
            freeStack = Arrays.copyOf(freeStack, freeCount * 2);
        }
        freeStack[freeCount++] = page;
    }
}
