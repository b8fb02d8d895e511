package dev.geocdn.cache.memory;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The blocks of one size (a power of two from 256 bytes to half a page) for small bodies: a page
 * taken from the {@link PagePool} is split into equal blocks, and given back as soon as all of
 * its blocks are free again, so memory moves between size classes as the mix of body sizes
 * changes.
 *
 * <p>Pages with at least one free block are kept in a list, most recently freed into first, so
 * a new block comes from a page that is already warm; each page tracks its free blocks in a
 * bitmap (a few words per page, whatever the block size).
 *
 * <p><b>Concurrency.</b> One lock per size class guards its pages, so bodies of different sizes
 * never contend. Splitting a fresh page and giving an empty one back take the page pool's lock
 * while holding this one; the pool never calls back, so the lock order is always class, then
 * pool, and cannot deadlock.
 *
 * <p><b>Failure modes.</b> {@link #take} returns null when no page can be had. Freeing a block
 * that is already free is an allocator bug and throws {@link IllegalStateException}.
 */
final class SizeClass {

    /** A block handed out: its page, its index in the page, and its address. */
    record Block(SplitPage page, int index, long address) {
    }

    /** A page split into blocks of this class; every field is guarded by the class lock. */
    static final class SplitPage {
        final long address;
        /** Bit {@code i} set when block {@code i} is free. */
        final long[] freeBits;
        int freeCount;
        SplitPage newer;
        SplitPage older;
        boolean listed;

        SplitPage(long address, int blocks) {
            this.address = address;
            this.freeBits = new long[(blocks + 63) / 64];
            for (int i = 0; i < blocks; i++) {
                freeBits[i >>> 6] |= 1L << i;
            }
            this.freeCount = blocks;
        }

        int claim() {
            for (int word = 0; word < freeBits.length; word++) {
                if (freeBits[word] != 0) {
                    int bit = Long.numberOfTrailingZeros(freeBits[word]);
                    freeBits[word] &= ~(1L << bit);
                    freeCount--;
                    return word * 64 + bit;
                }
            }
            throw new IllegalStateException("no free block in a listed page");
        }

        void free(int index) {
            long bit = 1L << index;
            if ((freeBits[index >>> 6] & bit) != 0) {
                throw new IllegalStateException("block " + index + " of page at " + address + " freed twice");
            }
            freeBits[index >>> 6] |= bit;
            freeCount++;
        }
    }

    private final int blockBytes;
    private final int blocksPerPage;
    private final PagePool pages;
    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    /** The list of pages with a free block, newest first. */
    private SplitPage head;
    private int splitPages;
    private int freeBlocks;
    private boolean closed;

    SizeClass(int blockBytes, PagePool pages) {
        this.blockBytes = blockBytes;
        this.blocksPerPage = pages.pageBytes() / blockBytes;
        this.pages = pages;
    }

    int blockBytes() {
        return blockBytes;
    }

    /** A free block, or null when no page can be had. */
    Block take() {
        lock.lock();
        try {
            SplitPage page = head;
            if (page == null) {
                long address = closed ? -1 : pages.takeOne();
                if (address < 0) {
                    return null;
                }
                page = new SplitPage(address, blocksPerPage);
                link(page);
                splitPages++;
                freeBlocks += blocksPerPage;
            }
            int index = page.claim();
            freeBlocks--;
            if (page.freeCount == 0) {
                unlink(page);
            }
            return new Block(page, index, page.address + (long) index * blockBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Frees {@code block}; its page goes back to the pool when it has no block in use. */
    void free(Block block) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            SplitPage page = block.page();
            page.free(block.index());
            freeBlocks++;
            if (page.freeCount == blocksPerPage) {
                if (page.listed) {
                    unlink(page);
                }
                splitPages--;
                freeBlocks -= blocksPerPage;
                pages.give(page.address);
            } else if (!page.listed) {
                link(page);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every page (the pool is closing and drops the memory). */
    void close() {
        lock.lock();
        try {
            closed = true;
            head = null;
            splitPages = 0;
            freeBlocks = 0;
        } finally {
            lock.unlock();
        }
    }

    /** A consistent snapshot of this class's figures. */
    Figures figures() {
        lock.lock();
        try {
            return new Figures(splitPages, freeBlocks);
        } finally {
            lock.unlock();
        }
    }

    /** Pages split into blocks of this class, and their free blocks. */
    record Figures(int splitPages, int freeBlocks) {
    }

    private void link(SplitPage page) {
        page.older = head;
        page.newer = null;
        if (head != null) {
            head.newer = page;
        }
        head = page;
        page.listed = true;
    }

    private void unlink(SplitPage page) {
        if (page.newer != null) {
            page.newer.older = page.older;
        } else {
            head = page.older;
        }
        if (page.older != null) {
            page.older.newer = page.newer;
        }
        page.newer = null;
        page.older = null;
        page.listed = false;
    }
}
