package dev.geocdn.cache.memory;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Figures of a {@link SlabAllocator}. Each part is consistent on its own, but the whole is not
 * one atomic snapshot while other threads allocate and free.
 *
 * @param capacityBytes the hard limit on reserved bytes
 * @param reservedBytes memory taken from the platform, in slabs; never exceeds the capacity
 * @param allocatedBytes memory held by bodies and writers, in whole pages and blocks
 * @param requestedBytes bytes asked for by those bodies and writers; the difference to
 *     {@code allocatedBytes} is the cost of rounding
 * @param slabs slabs reserved
 * @param freePages pages on the page free list
 * @param splitPages pages split into blocks of a size class
 * @param freeBlocks free blocks in split pages, by block size, for every size class
 * @param reservationRefused whether the platform refused a slab, after which the allocator
 *     reserves no more
 */
public record AllocatorStats(
        long capacityBytes,
        long reservedBytes,
        long allocatedBytes,
        long requestedBytes,
        int slabs,
        int freePages,
        int splitPages,
        SortedMap<Integer, Integer> freeBlocks,
        boolean reservationRefused) {

    public AllocatorStats {
        freeBlocks = Collections.unmodifiableSortedMap(new TreeMap<>(freeBlocks));
    }
}
